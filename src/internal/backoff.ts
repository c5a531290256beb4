/** How long to wait between attempts when nothing else says: the request path's retries, the inbox's reconnects. */
export interface BackoffPolicy {
  /** The first retry's step, multiplied by `factor` for each later retry. */
  baseDelayMs: number;
  /** The largest step. */
  maxDelayMs: number;
  /** The least any one wait may be, so that retries never spin. */
  minDelayMs: number;
  /** Growth per retry. Default 2. */
  factor?: number;
  /**
   * `'full'` (default): a uniformly random wait in [0, step], which spreads best the retries of many
   * clients that failed together (AWS Architecture Blog, "Exponential Backoff And Jitter").
   * `'equal'`: in [step / 2, step], which spreads them less but never comes back at once.
   */
  jitter?: 'full' | 'equal';
}

/**
 * The wait before retry number `retry` (from 1): the step `min(max, base * factor^(retry-1))`,
 * jittered, raised to the floor.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * (policy.factor ?? 2) ** Math.max(0, retry - 1));
  const fixed = policy.jitter === 'equal' ? step / 2 : 0;
  return Math.max(policy.minDelayMs, Math.round(fixed + random() * (step - fixed)));
}
