/**
 * A client's rate limiting: resolves each call's windows (./groups.ts), waits for admission in the
 * store's shared queue (./limiter.ts), tells the caller about delays, and pauses a group when the API
 * answers 429 anyway.
 */
import type { Log } from '../logger.js';
import type { RequestContext } from '../types.js';
import { groupToPause, type RateLimitGroupOverrides, resolveGroups, WindowResolver } from './groups.js';
import { type Lease, limiterFor } from './limiter.js';
import { defaultRateLimitStore } from './memory-store.js';
import type { RateLimitStore } from './store.js';

/** What the `onDelay` hook is told when the limiter holds a request back. */
export interface RateLimitDelayEvent {
  /** The rate-limit group whose window is full (or paused after a 429). */
  readonly group: string;
  /** The least time the request will wait, in milliseconds (more if others are queued before it). */
  readonly delayMs: number;
  /** The call's resource method (`contacts.list`), or `METHOD /path` for a call outside the contract. */
  readonly operation: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** The `rateLimit` option of `createInvent`: client-side rate limiting, from the limits in the contract. */
export interface RateLimitOptions {
  /**
   * Overrides of the generated groups, by name: `{ general: { limit: 50, windowSeconds: 1 } }`, or
   * `{ 'broadcast-send': false }` to stop limiting one group. `scope: 'org'` gives each organization
   * its own budget; any other scope shares one budget per API host.
   */
  groups?: RateLimitGroupOverrides;
  /** Where windows are kept. Defaults to one in-memory store shared by the whole process. */
  store?: RateLimitStore;
  /** Called when a request has to wait for the limiter. */
  onDelay?: (event: RateLimitDelayEvent) => void;
}

export interface ClientLimiter {
  /** The lease at once when the call's windows have room and nobody waits (no promise); else undefined. */
  admitNow(context: RequestContext): Lease | undefined;
  /** Waits until the call may send one attempt; release the lease when the attempt has ended. */
  admit(context: RequestContext, signal: AbortSignal | undefined, attempt: number, holdMs: number): Promise<Lease>;
  /** The API answered 429: hold back every call of the call's most specific group for `ms`. */
  pause(context: RequestContext, ms: number): void;
}

export function createClientLimiter(options: RateLimitOptions, baseUrl: string, log: Log): ClientLimiter {
  const configs = resolveGroups(options.groups);
  const resolver = new WindowResolver(configs, `invent:${new URL(baseUrl).host}:`);
  const limiter = limiterFor(options.store ?? defaultRateLimitStore());

  // One hook for every request of this client (the request is its tag): no closure per call.
  const onDelay = ({ group, delayMs }: { group: string; delayMs: number }, tag: { context: RequestContext; attempt: number }) => {
    const { context, attempt } = tag;
    log.info(`${context.label} waits for rate-limit group ${group} (about ${Math.round(delayMs)} ms)`, {
      operation: context.label,
      group,
      delayMs: Math.round(delayMs),
      attempt,
    });
    options.onDelay?.({ group, delayMs, operation: context.label, attempt });
  };

  return {
    admitNow(context) {
      return limiter.tryAcquire(resolver.windowsFor(context.label, context.operation, context.orgId));
    },
    admit(context, signal, attempt, holdMs) {
      const windows = resolver.windowsFor(context.label, context.operation, context.orgId);
      return limiter.acquire(windows, { signal, holdMs, onDelay, tag: { context, attempt } });
    },
    pause(context, ms) {
      const group = groupToPause(resolver.groupsOf(context.operation), configs);
      if (!group) return;
      const windowMs = configs[group]!.windowSeconds * 1000;
      // No limit needs a wait longer than its window: an absurd Retry-After must not stall a group for good.
      const pauseMs = Math.min(Math.max(0, ms), windowMs);
      log.info(`${context.label} was refused with 429: pausing rate-limit group ${group} for ${Math.round(pauseMs)} ms`, {
        operation: context.label,
        group,
        pauseMs: Math.round(pauseMs),
      });
      limiter.store.pause(resolver.keyOf(group, context.orgId), pauseMs).catch(() => {});
    },
  };
}

export type { RateLimitStore, RateLimitWindow, AcquireResult, AcquireOptions } from './store.js';
export { createMemoryStore, MemoryRateLimitStore, defaultRateLimitStore } from './memory-store.js';
export type { RateLimitGroupConfig, RateLimitGroupOverrides } from './groups.js';
