/**
 * What `npm run regenerate` leaves for review: a JSON summary (for the workflow and for tests) and a
 * markdown pull-request description (for people), from the results of its steps.
 */
import type { CommandResult } from './regenerate-command.js';
import type { DiffResult, GenerateResult, ReviewItem } from './regenerate-steps.js';

/** GitHub refuses a pull-request body over 65,536 characters; keep a margin for what the workflow adds. */
export const PR_BODY_LIMIT = 60_000;

export interface ContractInfo {
  title: string;
  version: string;
  openapi: string;
}

export interface RegenerateSummary {
  from: string;
  /** openapi.json changed: there is something to propose. */
  changed: boolean;
  /** spec:diff found breaking changes (label the pull request; the diff suggests the version bump). */
  breaking: boolean;
  /** Open the pull request as a draft: something needs a person before it can merge. */
  draft: boolean;
  draftReasons: string[];
  contract: { before: ContractInfo; after: ContractInfo };
  diff: { exitCode: number; error?: string } | null;
  needsReview: ReviewItem[];
  generate: { passed: boolean; exitCode: number } | null;
  tests: { passed: boolean; steps: Array<{ command: string; passed: boolean; exitCode: number }> };
  files: { report: string; summary: string; diffJson?: string; diffMarkdown?: string };
}

export interface RegenerateResults {
  from: string;
  changed: boolean;
  contract: { before: ContractInfo; after: ContractInfo };
  diff?: DiffResult;
  generate?: GenerateResult;
  checks: CommandResult[];
}

const passed = (result: CommandResult) => result.exitCode === 0;

/** The summary: what changed, and whether a person must look before merging (and why). */
export function summarize(results: RegenerateResults): RegenerateSummary {
  const { diff, generate, checks } = results;
  const draftReasons: string[] = [];
  if (diff && diff.exitCode >= 2) draftReasons.push('spec:diff could not compare the contracts');
  if (generate && !passed(generate)) draftReasons.push('npm run generate failed (the checks did not run)');
  if (generate?.needsReview.length) draftReasons.push(`${generate.needsReview.length} guess(es) of the generator need review`);
  const failed = checks.filter((c) => !passed(c));
  if (failed.length) draftReasons.push(`failed: ${failed.map((c) => `\`${c.command}\``).join(', ')}`);
  return {
    from: results.from,
    changed: results.changed,
    breaking: Boolean(diff?.breaking),
    draft: results.changed && draftReasons.length > 0,
    draftReasons,
    contract: results.contract,
    diff: diff ? { exitCode: diff.exitCode, ...(diff.error ? { error: diff.error } : {}) } : null,
    needsReview: generate?.needsReview ?? [],
    generate: generate ? { passed: passed(generate), exitCode: generate.exitCode } : null,
    tests: {
      passed: results.changed ? Boolean(generate && passed(generate)) && checks.length > 0 && failed.length === 0 : true,
      steps: checks.map((c) => ({ command: c.command, passed: passed(c), exitCode: c.exitCode })),
    },
    files: {
      report: 'report.md',
      summary: 'summary.json',
      ...(diff ? { diffJson: 'diff.json', diffMarkdown: 'diff.md' } : {}),
    },
  };
}

/** The last `lines` lines of a command's output, for a failure's details. */
function tail(result: CommandResult, lines = 40): string {
  const text = `${result.stdout}\n${result.stderr}`.trim().split('\n');
  return text.slice(-lines).join('\n');
}

function reviewTable(items: ReviewItem[]): string[] {
  const keys = [...new Set(items.flatMap((item) => Object.keys(item).filter((k) => k !== 'operation')))];
  const cell = (value: unknown) =>
    value === undefined ? '' : `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``.replace(/\|/g, '\\|');
  return [
    `| operation | ${keys.join(' | ')} |`.replace(/ \| \|$/, ' |'),
    `| --- |${keys.map(() => ' --- |').join('')}`,
    ...items.map((item) => `| \`${item.operation}\` |${keys.map((k) => ` ${cell(item[k])} |`).join('')}`),
  ];
}

/** The pull-request description: status, what needs a person, the checks, then the contract changes (kept within the size limit). */
export function renderReport(results: RegenerateResults, summary: RegenerateSummary, limit = PR_BODY_LIMIT): string {
  const { before, after } = summary.contract;
  const head: string[] = ["## Regenerate from Invent's contract", ''];
  if (!summary.changed) {
    head.push(`\`openapi.json\` is up to date with ${summary.from} (${after.title} ${after.version}). Nothing to regenerate.`);
    return `${head.join('\n')}\n`;
  }
  head.push(
    `Contract ${before.title} ${before.version} (OpenAPI ${before.openapi}) → ${after.version} (OpenAPI ${after.openapi}), read from ${summary.from}.`,
    '',
    summary.breaking ? '**Breaking changes**: listed first below, with the version bump they call for.' : 'No breaking changes.',
    '',
  );
  if (summary.draft)
    head.push('**Draft**: a person needs to look before this can merge:', ...summary.draftReasons.map((r) => `- ${r}`), '');
  else head.push('Every check passed and the generator guessed nothing: ready to review and merge.', '');

  if (summary.needsReview.length) {
    head.push(
      `### Needs review (${summary.needsReview.length})`,
      '',
      '**new**: operations the SDK config does not cover yet; the generator named them by its rule and chose defaults (a list when it takes `page`/`take` and answers an array, the general rate limit, idempotent only for GET/PUT/DELETE). Confirm or correct each in the config. **gone**: config entries whose operation the contract no longer has; remove them. Then regenerate.',
      '',
      ...reviewTable(summary.needsReview),
      '',
    );
  }

  head.push('### Checks', '');
  if (results.generate) head.push(`- ${passed(results.generate) ? 'passed' : '**failed**'}: \`npm run generate\``);
  for (const check of results.checks) head.push(`- ${passed(check) ? 'passed' : '**failed**'}: \`${check.command}\``);
  const failures = [results.generate, ...results.checks].filter((c): c is CommandResult => c !== undefined && !passed(c));
  for (const failure of failures) {
    head.push(
      '',
      `<details><summary>Output of <code>${failure.command}</code> (last lines)</summary>`,
      '',
      '```',
      tail(failure),
      '```',
      '</details>',
    );
  }
  head.push('', '### Contract changes', '');

  const body =
    results.diff?.exitCode !== undefined && results.diff.exitCode >= 2
      ? `spec:diff could not compare: ${results.diff.error}`
      : (results.diff?.markdown ?? '');
  const text = `${head.join('\n')}\n${body.trim()}\n`;
  if (text.length <= limit) return text;
  // Over the limit: keep every whole line that fits and say where the rest is (the workflow keeps diff.md as an artifact).
  const note = "\n\n… the report is longer than a pull-request description allows: the full one is `diff.md` in the run's artifacts.\n";
  const kept = text.slice(0, limit - note.length);
  return `${kept.slice(0, kept.lastIndexOf('\n'))}${note}`;
}
