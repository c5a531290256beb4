/**
 * Reads spec:diff's JSON report (`{ counts, changes: [{ id, severity, operation, location?, message }] }`)
 * as a list of changes: which operation, which rule, whether it is breaking, and its text (location and
 * message) to look names up in.
 */
export interface ReportedChange {
  operation: string;
  rule: string;
  severity: string;
  breaking: boolean;
  text: string;
}

/** Rules that record cosmetics a framework changes freely: information, never one of the real changes. */
export const COSMETIC_RULES = new Set(['api-operation-id-updated']);

export function reportedChanges(report: unknown): ReportedChange[] {
  const list = (report as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(list)) throw new Error(`spec:diff JSON has no "changes" list: ${JSON.stringify(report).slice(0, 200)}`);
  return (list as Array<Record<string, string>>).map((change) => ({
    operation: change.operation ?? '',
    rule: change.id ?? '',
    severity: change.severity ?? '',
    breaking: change.severity === 'breaking',
    text: `${change.id} ${change.location ?? ''} ${change.message}`,
  }));
}
