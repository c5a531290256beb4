/** The shape of a spec:diff report (also what `--format json` prints) and how changes are recorded. */

/** `breaking`: code written against the old contract may stop compiling or working. `warning`: may matter, read it. `info`: nothing to do. */
export type Severity = 'breaking' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['breaking', 'warning', 'info'];

export interface SpecChange {
  /** Stable rule id in the style of oasdiff's checks: `request-parameter-became-required`, `response-property-removed`, ... */
  id: string;
  severity: Severity;
  /** `GET /orgs/{org_id}/contacts`: the new contract's path when both have the operation. */
  operation: string;
  /** Information only; operations are matched by METHOD + path template. */
  operationId?: string;
  /** Where in the operation: `query.status`, `body: recipient.email`, `response 200: [].name`. */
  location?: string;
  message: string;
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface SpecDiff {
  from: { title: string; version: string };
  to: { title: string; version: string };
  /** The SDK version bump to make (see suggestBump). */
  bump: Bump;
  counts: Record<Severity, number>;
  /** Sorted by severity, then operation, then location. */
  changes: SpecChange[];
}

/**
 * The SDK release a diff calls for. Before 1.0 (semver's 0.x rule: anything may change in a minor),
 * breaking -> minor and anything else -> patch; from 1.0, breaking -> major, warnings or infos -> minor.
 */
export function suggestBump(counts: Record<Severity, number>, sdkVersion = '0.0.0'): Bump {
  const total = counts.breaking + counts.warning + counts.info;
  if (total === 0) return 'none';
  const preOne = /^0\./.test(sdkVersion);
  if (counts.breaking) return preOne ? 'minor' : 'major';
  return preOne ? 'patch' : 'minor';
}
