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

// Where the generator leaves what needs a person: { guessed: [{ operation, name, pagination, ... }], missing: [{ operation, name }] }.
const REVIEW_FILE = 'generated/review.json';

/**
 * The generator's "needs review" list: every operation it named and configured by guess (not in the SDK
 * config), then every config entry whose operation the contract no longer has. Empty when the
 * generator wrote no list.
 */
export async function readNeedsReview(root: string): Promise<ReviewItem[]> {
  const text = await readFile(join(root, REVIEW_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const review = JSON.parse(text) as { guessed?: ReviewItem[]; missing?: ReviewItem[] };
  if (!Array.isArray(review.guessed ?? []) || !Array.isArray(review.missing ?? []))
    throw new Error(`${REVIEW_FILE}: expected "guessed" and "missing" lists`);
  return [
    ...(review.guessed ?? []).map((item) => ({ ...item, review: 'new: check the guessed name and behaviour' })),
    ...(review.missing ?? []).map((item) => ({ ...item, review: 'gone: remove the config entry' })),
  ];
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
