/**
 * The storage behind client-side rate limiting: where the SDK records which requests went out, so
 * that no window of a group's length, starting at any moment, ever holds more than the group's limit.
 *
 * The in-memory store (./memory-store.ts) is the reference implementation, shared by every client in
 * a process by default. A store shared by many processes (Redis: `acquire` as one Lua script run on
 * Redis's clock) implements the same three calls.
 *
 * ## The model
 *
 * A key (e.g. `invent:api.useinvent.com:general`) names one budget. Each admitted request holds one
 * slot in each key it was admitted under. A slot has a stamp:
 *
 * - while the request is in flight its stamp is "now and later" (it counts, whatever the time);
 * - when the request's answer arrives (its headers: the request reached the server before that),
 *   `release` stamps it with the store's current time;
 * - a slot counts against a window of `windowMs` while `stamp + windowMs > now`.
 *
 * A request is admitted when, in every key it names, fewer than `limit` slots count. Stamping at the
 * end rather than at admission is what makes the guarantee hold on the server, which counts requests
 * when they arrive: a request arrives after it is sent and before its answer comes back, so two
 * requests whose admission and release are `windowMs` apart arrive at least `windowMs` apart, however
 * long either spent queued in a connection pool or on the network.
 *
 * ## The contract
 *
 * - `acquire` is one atomic check-and-take: either every window has room (and no key is paused), and
 *   one slot is taken in each; or nothing is taken and the answer says which key is full and the
 *   least time until it could have room (`retryInMs`, a lower bound: the caller asks again then).
 *   When the window is full only of requests still in flight, `retryInMs` is `windowMs` (a slot
 *   released now counts for that long).
 * - `release` ends a slot (idempotent; unknown leases are ignored). It checks nothing.
 * - `pause` makes every `acquire` naming the key fail until `durationMs` from now on the store's clock
 *   (a later pause never shortens an earlier one). The SDK pauses a group when the API answers 429.
 * - All three are async and use the store's own clock, so processes with skewed clocks agree.
 * - `holdMs` bounds how long a slot may stay in flight: a shared store should treat a slot that was
 *   never released (its process died) as released `holdMs` after it was taken.
 *
 * ## A Redis sketch (a later issue)
 *
 * One sorted set per key, member = lease id, score = stamp (in flight: now + holdMs); a string key per
 * pause. `acquire`: for each key, `ZREMRANGEBYSCORE key -inf (now - windowMs)`, fail if the pause key
 * exists (PTTL) or `ZCARD >= limit` (retryInMs from the `limit`-th score), otherwise `ZADD` the lease
 * in every key; `TIME` gives now. `release`: `ZADD key XX now lease`. `pause`: `SET pausekey 1 PX ms`
 * unless a longer pause is set.
 */

/** One sliding window a request must fit in. */
export interface RateLimitWindow {
  /** Names the budget: requests with the same key share it. */
  readonly key: string;
  /** At most this many requests in any span of `windowMs`. */
  readonly limit: number;
  /** The window's length, in milliseconds. */
  readonly windowMs: number;
}

/** What `RateLimitStore.acquire` is told beside the windows. */
export interface AcquireOptions {
  /** The longest the request may stay in flight (see the module notes). */
  readonly holdMs: number;
}

/** The answer of `RateLimitStore.acquire`: a lease on a slot in every window, or which key is full and for how long. */
export type AcquireResult =
  | {
      /** Admitted: a slot was taken in every window. */
      readonly ok: true;
      /** Identifies the slots taken, for `release`. */
      readonly lease: string;
    }
  | {
      /** Not admitted: nothing was taken. */
      readonly ok: false;
      /** The first key found full or paused. */
      readonly key: string;
      /** Least time until it could have room. */
      readonly retryInMs: number;
    };

/** Where the limiter keeps its windows. Implement it to share limits between processes. */
export interface RateLimitStore {
  /** Atomically take a slot in every window, or take nothing and say how long to wait. */
  acquire(windows: readonly RateLimitWindow[], options: AcquireOptions): Promise<AcquireResult>;
  /** The request holding `lease` ended: its slots count for one more window from now. */
  release(lease: string, windows: readonly RateLimitWindow[]): Promise<void>;
  /** Refuse every acquire naming `key` for `durationMs` from now (keeps a longer pause already set). */
  pause(key: string, durationMs: number): Promise<void>;
}
