/**
 * spec:diff reports as text (terminal), Markdown (pull request body) and JSON (the regenerate script).
 * The Markdown stays within GitHub's pull-request body limit (65,536 characters) by summarizing
 * warnings and infos, never by cutting the breaking changes, which are always listed in full first.
 */
import { SEVERITIES, type Severity, type SpecChange, type SpecDiff } from './spec-diff-model.js';

/** Below GitHub's 65,536-character pull-request body limit, with room for what the workflow adds. */
export const MARKDOWN_LIMIT = 60_000;

const TITLES: Record<Severity, string> = { breaking: 'Breaking', warning: 'Warnings', info: 'Info' };

function summaryLine(diff: SpecDiff): string {
  const { breaking, warning, info } = diff.counts;
  return `${diff.from.title} ${diff.from.version} -> ${diff.to.version}: ${breaking} breaking, ${warning} warning(s), ${info} info. Suggested SDK version bump: ${diff.bump}.`;
}

const where = (c: SpecChange) => (c.location ? ` ${c.location}` : '');

export function renderText(diff: SpecDiff): string {
  const lines = [summaryLine(diff)];
  if (!diff.changes.length) lines.push('No changes that affect SDK users.');
  for (const severity of SEVERITIES) {
    const list = diff.changes.filter((c) => c.severity === severity);
    if (!list.length) continue;
    lines.push('', `${TITLES[severity]} (${list.length}):`);
    for (const c of list) lines.push(`  [${c.id}] ${c.operation}${where(c)}: ${c.message}`);
  }
  return `${lines.join('\n')}\n`;
}

const mdLine = (c: SpecChange) =>
  `- \`${c.operation}\`${c.location ? ` \`${c.location}\`` : ''}: ${c.message} <sub>${c.id}${c.operationId ? `, ${c.operationId}` : ''}</sub>`;

/** A section listing every change. */
function fullSection(severity: Severity, list: SpecChange[]): string[] {
  return ['', `### ${TITLES[severity]} (${list.length})`, '', ...list.map(mdLine)];
}

/** A section in summary: counts by rule, then by operation, as far as `budget` characters allow. */
function summarySection(severity: Severity, list: SpecChange[], budget: number): string[] {
  const byRule = new Map<string, number>();
  const byOperation = new Map<string, number>();
  for (const c of list) {
    byRule.set(c.id, (byRule.get(c.id) ?? 0) + 1);
    byOperation.set(c.operation, (byOperation.get(c.operation) ?? 0) + 1);
  }
  const lines = [
    '',
    `### ${TITLES[severity]} (${list.length}, summarized: the full list is in \`npm run spec:diff -- OLD NEW\`)`,
    '',
    '| Rule | Changes |',
    '| --- | ---: |',
    ...[...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => `| \`${id}\` | ${n} |`),
    '',
    'By operation:',
    '',
  ];
  let used = lines.join('\n').length;
  const operations = [...byOperation].sort((a, b) => a[0].localeCompare(b[0]));
  let shown = 0;
  for (const [operation, n] of operations) {
    const line = `- \`${operation}\`: ${n}`;
    if (used + line.length + 1 > budget - 80) break;
    lines.push(line);
    used += line.length + 1;
    shown += 1;
  }
  if (shown < operations.length) lines.push(`- ... and ${operations.length - shown} more operation(s)`);
  return lines;
}

/** The report as a pull request body, at most `limit` characters unless the breaking list alone is longer. */
export function renderMarkdown(diff: SpecDiff, limit = MARKDOWN_LIMIT): string {
  const head = ['## Invent API contract changes', '', summaryLine(diff)];
  if (!diff.changes.length) return `${[...head, '', 'No changes that affect SDK users.'].join('\n')}\n`;
  const groups = SEVERITIES.map((s) => [s, diff.changes.filter((c) => c.severity === s)] as const).filter(([, l]) => l.length);
  const full = [...head, ...groups.flatMap(([s, l]) => fullSection(s, l))].join('\n');
  if (full.length < limit) return `${full}\n`;
  // Too long: breaking in full; then each lower severity in full if it fits, else summarized.
  const lines = [...head];
  for (const [severity, list] of groups) {
    const used = lines.join('\n').length;
    const section = fullSection(severity, list);
    const remaining = groups.filter(([s]) => SEVERITIES.indexOf(s) > SEVERITIES.indexOf(severity)).length;
    const share = Math.floor((limit - used) / (remaining + 1));
    if (severity === 'breaking' || section.join('\n').length < share) lines.push(...section);
    else lines.push(...summarySection(severity, list, share));
  }
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: a SpecDiff (see spec-diff-model.ts and docs/keeping-up.md). */
export function renderJson(diff: SpecDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
