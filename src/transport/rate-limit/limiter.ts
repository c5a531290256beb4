/**
 * The waiting room in front of a RateLimitStore: a request that does not fit in its windows waits here,
 * in arrival order per key, until the store admits it, instead of being sent to collect a 429.
 *
 * One Limiter serves every client of a store (see `limiterFor`), so clients sharing a budget also share
 * one queue. A request blocked on one key does not hold up requests that do not use that key. Waits are
 * driven by the store's `retryInMs` answers (one timer for the whole queue); an abort leaves the queue
 * at once. Within one pass, a key found full is not asked about again, so a long queue costs one store
 * call per blocked key, not one per waiting request.
 */
import { abortReason, follow, MAX_TIMER_MS, unfollow } from '../../internal/abort.js';
import { MemoryRateLimitStore } from './memory-store.js';
import type { RateLimitStore, RateLimitWindow } from './store.js';

/** A window plus the group it comes from, for the delay hook. */
export interface LimiterWindow extends RateLimitWindow {
  readonly group: string;
}

/** Proof of admission: call `release` once when the request has ended (answered, failed or aborted). */
export interface Lease {
  release(): void;
}

export interface LimiterDelay {
  /** The group whose window (or pause) is full. */
  readonly group: string;
  readonly key: string;
  /** The least time until the request can go (the store's estimate for the key's next free slot). */
  readonly delayMs: number;
}

export interface AcquireRequest<Tag = unknown> {
  readonly signal?: AbortSignal | null;
  readonly holdMs: number;
  /** Called once, when the request first has to wait, with `tag`. */
  readonly onDelay?: (delay: LimiterDelay, tag: Tag) => void;
  /** Passed to `onDelay` (what the request is), so one hook serves every request. */
  readonly tag?: Tag;
}

interface Waiter {
  readonly windows: readonly LimiterWindow[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly request: AcquireRequest<any>;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (error: unknown) => void;
  notified: boolean;
  done: boolean;
  cleanup?: () => void;
}

const NO_LEASE: Lease = { release() {} };

function ignore(): void {}

/** A slot held in the store until `release` (a class, so no closure per request). */
class StoreLease implements Lease {
  #released = false;
  readonly #store: RateLimitStore;
  /** A number from the in-memory store's fast path, else the store's lease string. */
  readonly #id: string | number;
  readonly #windows: readonly RateLimitWindow[];

  constructor(store: RateLimitStore, id: string | number, windows: readonly RateLimitWindow[]) {
    this.#store = store;
    this.#id = id;
    this.#windows = windows;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const store = this.#store;
    const id = this.#id;
    if (store instanceof MemoryRateLimitStore) store.releaseNow(+id, this.#windows);
    // A store that fails to release only keeps a slot counted longer (until its holdMs): never fail the call for it.
    else store.release(String(id), this.#windows).catch(ignore);
  }
}

export class Limiter {
  readonly #queue: Waiter[] = [];
  #draining = false;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly store: RateLimitStore) {}

  /** Requests waiting now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * A lease at once, without a promise, when nobody is waiting and the store answers synchronously
   * (the in-memory one) with room; else undefined, and the caller waits with `acquire`.
   */
  tryAcquire(windows: readonly LimiterWindow[]): Lease | undefined {
    const store = this.store;
    if (this.#queue.length !== 0 || !(store instanceof MemoryRateLimitStore)) return undefined;
    const result = store.acquireNow(windows);
    return result.ok ? this.#lease(result.lease, windows) : undefined;
  }

  /** Resolves with a lease once every window has room; rejects with the signal's reason on abort. */
  async acquire<Tag>(windows: readonly LimiterWindow[], request: AcquireRequest<Tag>): Promise<Lease> {
    if (windows.length === 0) return NO_LEASE;
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);
    if (this.#queue.length === 0) {
      const result = await this.store.acquire(windows, { holdMs: request.holdMs });
      if (result.ok) {
        const lease = this.#lease(result.lease, windows);
        if (signal?.aborted) {
          lease.release();
          throw abortReason(signal);
        }
        return lease;
      }
      const waiting = this.#enqueue(windows, request);
      const queue: readonly Waiter[] = this.#queue;
      this.#notify(queue[queue.length - 1]!, result.key, result.retryInMs);
      // Alone in the queue: the store already said when to look again. Otherwise others arrived meanwhile.
      if (queue.length === 1) this.#schedule(result.retryInMs);
      else this.#drain();
      return waiting;
    }
    const waiting = this.#enqueue(windows, request);
    this.#drain();
    return waiting;
  }

  #lease(id: string | number, windows: readonly RateLimitWindow[]): Lease {
    return new StoreLease(this.store, id, windows);
  }

  #enqueue<Tag>(windows: readonly LimiterWindow[], request: AcquireRequest<Tag>): Promise<Lease> {
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { windows, request, resolve, reject, notified: false, done: false };
      const signal = request.signal;
      // Aborted while the store was asked (a Redis round trip): not queued at all.
      if (signal?.aborted) return reject(abortReason(signal));
      if (signal) {
        const onAbort = () => {
          if (waiter.done) return;
          this.#finish(waiter);
          reject(abortReason(signal));
        };
        follow(signal, onAbort);
        waiter.cleanup = () => unfollow(signal, onAbort);
      }
      this.#queue.push(waiter);
    });
  }

  /** Takes a waiter out of the queue (admitted, aborted or failed). */
  #finish(waiter: Waiter): void {
    waiter.done = true;
    waiter.cleanup?.();
    const index = this.#queue.indexOf(waiter);
    if (index >= 0) this.#queue.splice(index, 1);
    if (this.#queue.length === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #notify(waiter: Waiter, key: string, delayMs: number): void {
    if (waiter.notified) return;
    waiter.notified = true;
    const group = waiter.windows.find((w) => w.key === key)?.group ?? key;
    try {
      waiter.request.onDelay?.({ group, key, delayMs }, waiter.request.tag);
    } catch {
      // A throwing hook must not stall the queue.
    }
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0 || !Number.isFinite(ms)) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain();
      },
      Math.min(Math.max(1, Math.ceil(ms)), MAX_TIMER_MS),
    );
  }

  /** One pass over the queue (more if requests arrived meanwhile), then a timer for the soonest free slot. */
  #drain(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    void this.#pass().finally(() => {
      this.#draining = false;
    });
  }

  async #pass(): Promise<void> {
    do {
      this.#again = false;
      const blocked = new Map<string, number>();
      let soonest = Infinity;
      for (const waiter of [...this.#queue]) {
        if (waiter.done) continue;
        const known = waiter.windows.find((w) => blocked.has(w.key));
        if (known) {
          this.#notify(waiter, known.key, blocked.get(known.key)!);
          continue;
        }
        let result;
        try {
          result = await this.store.acquire(waiter.windows, { holdMs: waiter.request.holdMs });
        } catch (error) {
          if (!waiter.done) {
            this.#finish(waiter);
            waiter.reject(error);
          }
          continue;
        }
        if (waiter.done) {
          if (result.ok) this.store.release(result.lease, waiter.windows).catch(ignore);
          continue;
        }
        if (result.ok) {
          this.#finish(waiter);
          waiter.resolve(this.#lease(result.lease, waiter.windows));
        } else {
          blocked.set(result.key, result.retryInMs);
          soonest = Math.min(soonest, result.retryInMs);
          this.#notify(waiter, result.key, result.retryInMs);
        }
      }
      if (!this.#again) this.#schedule(soonest);
    } while (this.#again);
  }
}

const limiters = new WeakMap<RateLimitStore, Limiter>();

/** The one Limiter (queue) for a store, so every client of the store waits in the same line. */
export function limiterFor(store: RateLimitStore): Limiter {
  let limiter = limiters.get(store);
  if (!limiter) {
    limiter = new Limiter(store);
    limiters.set(store, limiter);
  }
  return limiter;
}
