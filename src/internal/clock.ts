/**
 * Where the SDK reads the time. Code that measures time takes a `Clock` (defaulting to these), so a
 * test can pass a manual one instead of waiting; the stateful fake's clock (../testing/stateful/clock.ts)
 * is one.
 */

/** Milliseconds, read when called. */
export type Clock = () => number;

/**
 * Monotonic milliseconds (performance.now(), or Date.now() where there is no `performance`): for
 * durations and deadlines, which a wall-clock step (NTP, a laptop waking up) must not move. Never a date.
 */
export const monotonicNow: Clock =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/** Milliseconds since the epoch: for dates, and for times compared with a server's. */
export const epochNow: Clock = () => Date.now();
