/** The documented rate limits on the fake's clock: a sliding window of call times per group and scope. */
import { operationList, rateLimitGroups } from '../../../generated/operations.js';
import { routeIdentity } from '../../client/route-identity.js';
import type { MockClock } from './clock.js';

const groupsByIdentity = new Map(operationList.map((op) => [routeIdentity(op.method, op.path), op.rateLimits]));
const defaultGroups = ['general'];

export class RateWindows {
  private calls = new Map<string, number[]>();

  constructor(private readonly clock: MockClock) {}

  /**
   * Counts a call against its operation's groups; when one is full, counts nothing and returns the
   * seconds until a slot frees (the Retry-After).
   */
  take(
    method: string,
    template: string | undefined,
    scopes: { ip: string; org: string | undefined },
  ): { group: string; retryAfter: number } | undefined {
    const groups = (template && groupsByIdentity.get(routeIdentity(method, template))) || defaultGroups;
    const now = this.clock.now();
    const keys: string[] = [];
    for (const group of groups) {
      const limit = rateLimitGroups[group as keyof typeof rateLimitGroups];
      if (!limit) continue;
      const key = `${group} ${limit.scope === 'ip' ? scopes.ip : limit.scope === 'org' ? (scopes.org ?? '') : ''}`;
      const windowMs = limit.windowSeconds * 1000;
      const times = (this.calls.get(key) ?? []).filter((t) => t > now - windowMs);
      this.calls.set(key, times);
      if (times.length >= limit.limit) return { group, retryAfter: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000)) };
      keys.push(key);
    }
    for (const key of keys) this.calls.get(key)!.push(now);
    return undefined;
  }

  reset(): void {
    this.calls = new Map();
  }
}
