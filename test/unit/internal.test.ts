/** The helpers every part of the SDK shares (src/internal/), each defined once. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortReason, follow, raceSignal, sleep, unfollow } from '../../src/internal/abort.js';
import { backoffDelay } from '../../src/internal/backoff.js';
import { epochNow, monotonicNow } from '../../src/internal/clock.js';
import { lazy } from '../../src/internal/lazy.js';
import { parseHttpDate, parseRetryAfter } from '../../src/internal/retry-after.js';
import { isBrowserLike, isBrowserPage } from '../../src/internal/runtime.js';
import { abortAfter, withTimeout } from '../../src/internal/timeout.js';

describe('parseRetryAfter (RFC 9110 10.2.3, plus retry-after-ms)', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': ' 0 ' }, 0],
    [{ 'retry-after': '007' }, 7000],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.5', 'retry-after': '9' }, 12.5],
    [{ 'retry-after-ms': 'soon', 'retry-after': '2' }, 2000],
    [{ 'retry-after-ms': '-5', 'retry-after': '2' }, 2000],
    [{ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, 0],
    [{ 'retry-after': 'Wednesday, 01-Jan-25 00:01:00 GMT' }, 60_000],
    [{ 'retry-after': 'Wed Jan  1 00:00:05 2025' }, 5_000],
    [{ 'retry-after': '99999999999' }, 99_999_999_999_000],
  ])('reads %j as %d ms', (headers, ms) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(ms);
  });

  it.each<Record<string, string>>([
    {},
    { 'retry-after': '-1' },
    { 'retry-after': '+2' },
    { 'retry-after': '1.5' },
    { 'retry-after': '1e3' },
    { 'retry-after': '0x10' },
    { 'retry-after': 'Infinity' },
    { 'retry-after': 'later' },
    { 'retry-after-ms': '-5' },
    { 'retry-after': '' },
    { 'retry-after': '2025-01-01T00:00:30Z' },
    { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 UTC' },
    { 'retry-after': 'Wed, 32 Jan 2025 00:00:30 GMT' },
    { 'retry-after': 'Wed, 29 Feb 2025 00:00:30 GMT' },
    { 'retry-after': 'Wed, 01 Jan 2025 24:00:30 GMT' },
  ])('ignores %j', (headers) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBeUndefined();
  });

  it("reads an RFC 850 date's two-digit year as the most recent past year with those digits beyond 50 years ahead", () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(Date.parse('1994-11-06T08:49:37Z'));
    expect(parseHttpDate('Monday, 06-Nov-73 08:49:37 GMT', now)).toBe(Date.parse('2073-11-06T08:49:37Z'));
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', now)).toBe(Date.parse('1994-11-06T08:49:37Z'));
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(Date.parse('1994-11-06T08:49:37Z'));
  });
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 8000, minDelayMs: 50 };
  it('full jitter (the default): draws uniformly below a doubling ceiling', () => {
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(500);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(8000);
    expect(backoffDelay(60, policy, () => 1)).toBe(8000);
  });
  it('never waits less than the floor, so retries cannot spin', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    for (let i = 0; i < 200; i++) {
      const ms = backoffDelay(1 + (i % 6), policy);
      expect(ms).toBeGreaterThanOrEqual(50);
      expect(ms).toBeLessThanOrEqual(8000);
    }
  });
  it('equal jitter: half the step fixed, half random; another factor grows the step', () => {
    const reconnect = { baseDelayMs: 400, maxDelayMs: 30_000, minDelayMs: 0, factor: 3, jitter: 'equal' } as const;
    expect(backoffDelay(1, reconnect, () => 0)).toBe(200);
    expect(backoffDelay(1, reconnect, () => 1)).toBe(400);
    expect(backoffDelay(3, reconnect, () => 0.5)).toBe(2700);
    expect(backoffDelay(20, reconnect, () => 0)).toBe(15_000);
  });
});

describe('abort race and sleep', () => {
  it('follow gives a signal one listener for all its followers, and takes it off with the last one', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = { handleEvent: () => calls.push('b') };
    follow(controller.signal, a);
    follow(controller.signal, b);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    unfollow(controller.signal, a);
    unfollow(controller.signal, b);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    follow(controller.signal, a);
    follow(controller.signal, b);
    controller.abort();
    expect(calls).toEqual(['a', 'b']);
  });

  it('raceSignal rejects with the reason as soon as the signal aborts, and swallows the loser', async () => {
    const controller = new AbortController();
    let rejectLate!: (error: Error) => void;
    const hanging = new Promise<never>((_, reject) => (rejectLate = reject));
    const raced = raceSignal(hanging, controller.signal);
    controller.abort(new Error('stop'));
    await expect(raced).rejects.toThrow('stop');
    rejectLate(new Error('late')); // no unhandled rejection
    await expect(raceSignal(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceSignal(Promise.resolve(1), AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
  it('sleep resolves after its time, or rejects on abort', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    controller.abort(new Error('woken'));
    await expect(slept).rejects.toThrow('woken');
    expect(abortReason(AbortSignal.abort())).toBeInstanceOf(Error);
  });
});

describe('deadlines', () => {
  it('withTimeout rejects with the given reason when the work is not done in time, and passes results through', async () => {
    await expect(withTimeout(new Promise(() => {}), 5, () => new Error('too slow'))).rejects.toThrow('too slow');
    await expect(withTimeout(Promise.resolve('ok'), 60_000, () => new Error('never'))).resolves.toBe('ok');
    await expect(withTimeout(Promise.reject(new Error('own')), 60_000, () => new Error('never'))).rejects.toThrow('own');
  });
  it('abortAfter aborts the controller with the reason, unless cancelled first', async () => {
    const late = new AbortController();
    abortAfter(late, 5, () => new Error('deadline'));
    await new Promise((resolve) => late.signal.addEventListener('abort', resolve));
    expect((late.signal.reason as Error).message).toBe('deadline');
    const cancelled = new AbortController();
    abortAfter(cancelled, 5, () => new Error('deadline'))();
    await sleep(20);
    expect(cancelled.signal.aborted).toBe(false);
  });
});

describe('lazy', () => {
  it('imports on first use, once, and tries a failed import again on the next call', async () => {
    let calls = 0;
    const load = lazy(async () => {
      calls++;
      if (calls === 1) throw new Error('chunk failed to load');
      return { value: calls };
    });
    expect(calls).toBe(0);
    await expect(load()).rejects.toThrow('chunk failed to load');
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toEqual({ value: 2 });
    expect(b).toBe(a);
    expect(await load()).toBe(a);
    expect(calls).toBe(2);
  });
});

describe('clock and runtime', () => {
  it('the monotonic clock never goes back; the epoch clock is Date.now', () => {
    const a = monotonicNow();
    expect(monotonicNow()).toBeGreaterThanOrEqual(a);
    expect(Math.abs(epochNow() - Date.now())).toBeLessThan(1000);
  });
  it('Node is neither a browser page nor browser-like', () => {
    expect(isBrowserPage()).toBe(false);
    expect(isBrowserLike()).toBe(false);
  });
});
