import { epochNow } from '../../internal/clock.js';

/** The fake's clock: timestamps and rate-limit windows read it, and tests move it instead of waiting. */
export interface MockClock {
  /** Milliseconds since the epoch, as the fake sees them. */
  now(): number;
  /** Moves the clock forward (a rate-limit window passes without waiting for it). */
  advance(ms: number): void;
}

/**
 * `manual`: time stands still until `advance()` (tests that count calls in a window do not depend on
 * the machine's speed). `real`: wall-clock time, plus whatever `advance()` added.
 */
export function createMockClock(mode: 'real' | 'manual' = 'real', start = epochNow()): MockClock {
  let offset = 0;
  return {
    now: () => (mode === 'manual' ? start : epochNow()) + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance(ms) needs a non-negative number of milliseconds, got ${ms}`);
      offset += ms;
    },
  };
}
