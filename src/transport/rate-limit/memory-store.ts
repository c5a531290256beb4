/**
 * The in-memory RateLimitStore: the reference implementation of ./store.ts, and the default.
 *
 * Per key it keeps the stamps of released slots in time order (a queue, since the clock is monotonic
 * and a release is stamped "now"), the set of leases still in flight, and a pause deadline. Memory is
 * bounded by the number of slots that can count at once (the limit), and idle keys are dropped.
 */
import { type Clock, monotonicNow } from '../../internal/clock.js';
import type { AcquireOptions, AcquireResult, RateLimitStore, RateLimitWindow } from './store.js';

interface KeyState {
  /** Release stamps, ascending; live ones from `head`. */
  stamps: number[];
  head: number;
  /** Ids of the leases in flight (numbers: `acquire` hands them out as strings). */
  inFlight: Set<number>;
  pausedUntil: number;
  /** The longest window this key has been used with: stamps younger than this are kept. */
  maxWindowMs: number;
}

export interface MemoryStoreOptions {
  /** A monotonic clock in milliseconds. Defaults to the SDK's (../../internal/clock.ts). */
  now?: Clock;
}

/** Index of the first stamp in [from, to) with `stamp > bound`. */
function firstAfter(stamps: number[], from: number, bound: number): number {
  let lo = from;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stamps[mid]! > bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, KeyState>();
  readonly #now: () => number;
  #seq = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? monotonicNow;
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { stamps: [], head: 0, inFlight: new Set(), pausedUntil: -Infinity, maxWindowMs: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  /** Drops stamps no window of this key can count any more. */
  #prune(state: KeyState, now: number): void {
    state.head = firstAfter(state.stamps, state.head, now - state.maxWindowMs);
    if (state.head > 64 && state.head * 2 > state.stamps.length) {
      state.stamps = state.stamps.slice(state.head);
      state.head = 0;
    }
  }

  /** The answer for one window, without taking anything: undefined when there is room. */
  #check(window: RateLimitWindow, now: number): number | undefined {
    const state = this.#state(window.key);
    if (window.windowMs > state.maxWindowMs) state.maxWindowMs = window.windowMs;
    if (state.pausedUntil > now) return state.pausedUntil - now;
    this.#prune(state, now);
    const first = firstAfter(state.stamps, state.head, now - window.windowMs);
    const released = state.stamps.length - first;
    const counted = released + state.inFlight.size;
    if (counted < window.limit) return undefined;
    // Room comes when `need` counted slots have aged out; only released ones can age out by time alone.
    const need = counted - window.limit + 1;
    return need <= released ? Math.max(0, state.stamps[first + need - 1]! + window.windowMs - now) : window.windowMs;
  }

  acquire(windows: readonly RateLimitWindow[], _options?: AcquireOptions): Promise<AcquireResult> {
    const result = this.acquireNow(windows);
    return Promise.resolve(result.ok ? { ok: true, lease: String(result.lease) } : result);
  }

  /** `acquire` without a promise, with the lease as a number: this store answers at once (the limiter's fast path). */
  acquireNow(windows: readonly RateLimitWindow[]): Exclude<AcquireResult, { ok: true }> | { readonly ok: true; readonly lease: number } {
    const now = this.#now();
    for (const window of windows) {
      const retryInMs = this.#check(window, now);
      if (retryInMs !== undefined) return { ok: false, key: window.key, retryInMs };
    }
    const lease = ++this.#seq;
    for (const window of windows) this.#state(window.key).inFlight.add(lease);
    return { ok: true, lease };
  }

  release(lease: string, windows: readonly RateLimitWindow[]): Promise<void> {
    // An unknown lease (not a number this store handed out) matches nothing.
    this.releaseNow(Number(lease), windows);
    return Promise.resolve();
  }

  /** `release` without a promise. */
  releaseNow(lease: number, windows: readonly RateLimitWindow[]): void {
    const now = this.#now();
    for (const window of windows) {
      const state = this.#keys.get(window.key);
      if (state?.inFlight.delete(lease)) {
        // The clock is monotonic, so pushing keeps the queue sorted; guard against a clock that is not.
        const last = state.stamps[state.stamps.length - 1];
        state.stamps.push(last !== undefined && last > now ? last : now);
      }
    }
    this.#sweep(now);
  }

  pause(key: string, durationMs: number): Promise<void> {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, this.#now() + Math.max(0, durationMs));
    return Promise.resolve();
  }

  #sweeps = 0;

  /** Now and then, forgets keys with nothing counted and no pause (per-org keys would pile up). */
  #sweep(now: number): void {
    if (++this.#sweeps % 1024 !== 0) return;
    for (const [key, state] of this.#keys) {
      this.#prune(state, now);
      if (state.head >= state.stamps.length && state.inFlight.size === 0 && state.pausedUntil <= now) this.#keys.delete(key);
    }
  }
}

/** A new, unshared in-memory store: pass it as `rateLimit.store` to give clients their own budget. */
export function createMemoryStore(options?: MemoryStoreOptions): RateLimitStore {
  return new MemoryRateLimitStore(options);
}

const DEFAULT_STORE = Symbol.for('invent-sdk.rate-limit.default-store');

/**
 * The process-wide store every client uses unless given another: the general limit is per IP, so all
 * clients in a process (even from two loaded copies of the SDK) draw from one budget.
 */
export function defaultRateLimitStore(): RateLimitStore {
  const holder = globalThis as { [DEFAULT_STORE]?: RateLimitStore };
  const existing = holder[DEFAULT_STORE];
  if (existing && typeof existing.acquire === 'function' && typeof existing.release === 'function' && typeof existing.pause === 'function')
    return existing;
  const store = new MemoryRateLimitStore();
  Object.defineProperty(holder, DEFAULT_STORE, { value: store, configurable: true });
  return store;
}
