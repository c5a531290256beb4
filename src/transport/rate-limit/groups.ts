/**
 * Which windows a call must fit in, from the generated data: each operation lists the rate-limit
 * groups it counts against (`rateLimits`), and `rateLimitGroups` gives each group's limit, window and
 * scope. A client may override or disable groups. Nothing here names a particular operation or group.
 *
 * Scope decides who shares a budget: `org` budgets are per organization (keyed by the call's org id);
 * `ip`, and any other or missing scope, is the widest sharing: one budget per API host in the store
 * (the default store is process-wide).
 */
import { type CallMeta, operationList, type RateLimitGroup, rateLimitGroups } from '../../../generated/operations.js';
import { InventConfigError } from '../../errors.js';
import type { LimiterWindow } from './limiter.js';

/** A group's settings; in overrides every field is optional and `false` turns the group off. */
export interface RateLimitGroupConfig {
  /** The most requests in any window. */
  readonly limit: number;
  /** The window's length, in seconds. */
  readonly windowSeconds: number;
  /** `org`: one budget per organization; anything else (or unset): one budget per API host. */
  readonly scope?: string;
}

/** Changes to the generated groups, by name: new settings for a group, or `false` to stop limiting it. */
export type RateLimitGroupOverrides = Record<string, Partial<RateLimitGroupConfig> | false>;

/** Groups every operation counts against: what a call outside the contract is counted against. */
export const UNIVERSAL_GROUPS: readonly string[] = operationList.length
  ? operationList.reduce<string[]>(
      (common, op) => common.filter((g) => op.rateLimits.includes(g)),
      [...(operationList[0]?.rateLimits ?? [])],
    )
  : [];

/** How many operations count against each group: the fewer, the more specific the group. */
const operationsPerGroup = new Map<string, number>();
for (const op of operationList) for (const group of op.rateLimits) operationsPerGroup.set(group, (operationsPerGroup.get(group) ?? 0) + 1);

/**
 * The group to pause when a call answers 429. The API does not say which limit was hit; the most
 * specific group the call counts against is the likeliest (if the shared group were exhausted, other
 * calls would be refused too and pause it themselves), and pausing it does not stall unrelated calls.
 */
export function groupToPause(groups: readonly string[], configs: Readonly<Record<string, RateLimitGroupConfig>>): string | undefined {
  let best: string | undefined;
  for (const group of groups) {
    if (!configs[group]) continue;
    if (best === undefined) {
      best = group;
      continue;
    }
    const a = operationsPerGroup.get(group) ?? 0;
    const b = operationsPerGroup.get(best) ?? 0;
    if (a < b || (a === b && configs[group]!.limit < configs[best]!.limit)) best = group;
  }
  return best;
}

function checkGroup(name: string, config: Partial<RateLimitGroupConfig>): RateLimitGroupConfig {
  const { limit, windowSeconds } = config;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new InventConfigError(`rateLimit.groups.${name}.limit must be a positive integer, got ${String(limit)}`);
  }
  if (typeof windowSeconds !== 'number' || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new InventConfigError(`rateLimit.groups.${name}.windowSeconds must be a positive number, got ${String(windowSeconds)}`);
  }
  return { limit, windowSeconds, ...(config.scope !== undefined ? { scope: config.scope } : {}) };
}

/** The generated groups with a client's overrides applied (disabled groups left out). */
export function resolveGroups(overrides: RateLimitGroupOverrides = {}): Record<string, RateLimitGroupConfig> {
  const out: Record<string, RateLimitGroupConfig> = {};
  for (const [name, group] of Object.entries(rateLimitGroups as Record<string, RateLimitGroup>)) out[name] = group;
  for (const [name, override] of Object.entries(overrides)) {
    if (override === false) delete out[name];
    else out[name] = checkGroup(name, { ...out[name], ...override });
  }
  return out;
}

/** Turns a call into the windows it must fit in; cached per operation and organization. */
export class WindowResolver {
  readonly #cache = new Map<string, readonly LimiterWindow[]>();
  /** Prefix of every key, naming the API host: budgets of different hosts are separate. */
  readonly #prefix: string;

  constructor(
    readonly configs: Readonly<Record<string, RateLimitGroupConfig>>,
    prefix: string,
  ) {
    this.#prefix = prefix;
  }

  groupsOf(operation: CallMeta | undefined): readonly string[] {
    return operation ? operation.rateLimits : UNIVERSAL_GROUPS;
  }

  keyOf(group: string, orgId: string | undefined): string {
    return this.configs[group]?.scope === 'org' ? `${this.#prefix}${group}:org:${orgId ?? '-'}` : `${this.#prefix}${group}`;
  }

  /** `label` names the call (one label, one operation): it keys the cache. */
  windowsFor(label: string, operation: CallMeta | undefined, orgId: string | undefined): readonly LimiterWindow[] {
    const cacheKey = `${label}\u0000${orgId ?? ''}`;
    let windows = this.#cache.get(cacheKey);
    if (!windows) {
      windows = this.groupsOf(operation)
        .filter((group) => this.configs[group])
        .map((group) => {
          const config = this.configs[group]!;
          return { group, key: this.keyOf(group, orgId), limit: config.limit, windowMs: config.windowSeconds * 1000 };
        });
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(cacheKey, windows);
    }
    return windows;
  }
}
