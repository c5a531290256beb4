/**
 * The steps of `npm run regenerate`, each through the repo's own command line tools (spec:pull,
 * spec:diff, generate, typecheck, the tests), reading what they print or write. Only this module knows
 * those tools' options and output formats.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CommandResult, runCommand, shellQuote } from './regenerate-command.js';

export interface StepContext {
  /** The repository root (where package.json and openapi.json are). */
  root: string;
  /** Show each tool's output as it runs. */
  echo: boolean;
}

const npmRun = (script: string, args: string[] = []) =>
  `npm run --silent ${script}${args.length ? ` -- ${args.map(shellQuote).join(' ')}` : ''}`;

/** spec:pull: fetch or read the contract, check and normalize it, write openapi.json. Exit 0 written or unchanged, 2 bad input. */
export function pullContract(ctx: StepContext, from: string): Promise<CommandResult> {
  return runCommand(npmRun('spec:pull', ['--from', from]), { cwd: ctx.root, echo: ctx.echo });
}

export interface DiffResult {
  /** spec:diff's exit code: 0 nothing breaking, 1 breaking changes, 2 it could not compare. */
  exitCode: number;
  breaking: boolean;
  /** The JSON report as spec:diff prints it (undefined when it could not run). */
  json: unknown;
  markdown: string;
  /** spec:diff's error output, when it could not compare. */
  error: string;
}

/** spec:diff, twice: the JSON report (for the summary and the tests) and the markdown one (for the pull request). */
export async function diffContracts(ctx: StepContext, before: string, after: string): Promise<DiffResult> {
  const json = await runCommand(npmRun('spec:diff', [before, after, '--format', 'json']), { cwd: ctx.root });
  const markdown = await runCommand(npmRun('spec:diff', [before, after, '--format', 'markdown']), { cwd: ctx.root });
  let parsed: unknown;
  try {
    parsed = json.exitCode < 2 ? JSON.parse(json.stdout) : undefined;
  } catch {
    parsed = undefined;
  }
  return {
    exitCode: json.exitCode,
    breaking: json.exitCode === 1,
    json: parsed,
    markdown: markdown.exitCode < 2 ? markdown.stdout : '',
    error: json.exitCode >= 2 ? json.stderr.trim() || json.stdout.trim() : '',
  };
}

/** One operation whose SDK metadata the generator guessed (its name, list detection, rate limit, idempotency). */
export interface ReviewItem {
  /** `GET /orgs/{org_id}/labels`. */
  operation: string;
  /** Whatever else the generator says about its guess (method name, pagination, ...). */
  [detail: string]: unknown;
}

export interface GenerateResult extends CommandResult {
  needsReview: ReviewItem[];
}

// Where the generator leaves its list of guesses, relative to the repository root.
const NEEDS_REVIEW_FILES = ['generated/needs-review.json', 'needs-review.json'];

/** Reads the generator's "needs review" list: an array of items, or an object holding one (`operations`, `needsReview`, `items`). */
export async function readNeedsReview(root: string): Promise<ReviewItem[]> {
  for (const file of NEEDS_REVIEW_FILES) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const data = JSON.parse(text) as unknown;
    const list = Array.isArray(data)
      ? data
      : ((data as Record<string, unknown>).needsReview ??
        (data as Record<string, unknown>).operations ??
        (data as Record<string, unknown>).items);
    if (!Array.isArray(list)) throw new Error(`${file}: expected a list of operations to review`);
    return list.map(toReviewItem);
  }
  return [];
}

function toReviewItem(entry: unknown): ReviewItem {
  if (typeof entry === 'string') return { operation: entry };
  const item = entry as Record<string, unknown>;
  const operation =
    typeof item.operation === 'string'
      ? item.operation
      : typeof item.method === 'string' && typeof item.path === 'string'
        ? `${item.method.toUpperCase()} ${item.path}`
        : typeof item.key === 'string'
          ? item.key
          : JSON.stringify(item);
  return { ...item, operation };
}

/** `npm run generate`, then the list of guesses it needs reviewed. */
export async function generateSdk(ctx: StepContext): Promise<GenerateResult> {
  const result = await runCommand(npmRun('generate'), { cwd: ctx.root, echo: ctx.echo });
  return { ...result, needsReview: result.exitCode === 0 ? await readNeedsReview(ctx.root) : [] };
}

/** Runs the checks on the regenerated SDK, in order: the type check, then each test command. All run, whatever fails. */
export async function runChecks(ctx: StepContext, commands: string[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const command of commands) results.push(await runCommand(command, { cwd: ctx.root, echo: ctx.echo }));
  return results;
}
