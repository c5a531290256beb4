/** How long to wait between attempts when the response does not say. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's wait, doubled for each later retry. */
  baseDelayMs: number;
  /** The most any one wait may be. */
  maxDelayMs: number;
  /** The least any one wait may be, so that retries never spin. */
  minDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniformly random wait in [0, min(max, base * 2^(retry-1))],
 * raised to the floor. `retry` counts from 1. Full jitter spreads the retries of many clients that
 * failed together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.max(policy.minDelayMs, Math.round(random() * ceiling));
}
