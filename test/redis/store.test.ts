/**
 * The Redis store against a real Redis (started by the test, see test/support/redis-server.ts): the
 * same semantics as the in-memory store (test/unit/rate-limit.test.ts), on Redis's clock, with keys
 * that expire by themselves. Windows are short real times, since the clock is Redis's.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InventConfigError } from '../../src/errors.js';
import { redisStore, type RedisRateLimitStore } from '../../src/redis/index.js';
import type { RateLimitWindow } from '../../src/transport/rate-limit/store.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../support/redis-server.js';

// Without redis-server this suite fails, with a message that says how to install it (it never skips).
requireRedisServer();

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, '127.0.0.1', { lazyConnect: false });
});
afterAll(async () => {
  redis?.disconnect();
  await server?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

let n = 0;
/** A store on a prefix of its own, so tests share nothing. */
function store(options: Parameters<typeof redisStore>[1] = {}): RedisRateLimitStore {
  return redisStore(redis, { prefix: `t${++n}:`, logLevel: 'off', ...options });
}
const windowOf = (key: string, limit: number, windowMs: number): RateLimitWindow => ({ key, limit, windowMs });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOLD = { holdMs: 60_000 };

async function keysOf(s: RedisRateLimitStore): Promise<string[]> {
  return (await redis.keys(`${s.prefix}*`)).sort();
}

describe('redisStore semantics', () => {
  it('admits up to the limit, then says when the oldest released slot ages out', async () => {
    const s = store();
    const w = [windowOf('k', 3, 400)];
    const leases: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await s.acquire(w, HOLD);
      expect(r.ok).toBe(true);
      if (r.ok) leases.push(r.lease);
    }
    // All three in flight: nothing can free before a full window from now.
    expect(await s.acquire(w, HOLD)).toEqual({ ok: false, key: 'k', retryInMs: 400 });
    await s.release(leases[1]!, w);
    const releasedAt = performance.now();
    await sleep(50);
    await s.release(leases[0]!, w);
    const refused = await s.acquire(w, HOLD);
    expect(refused).toMatchObject({ ok: false, key: 'k' });
    // The first released slot counts until one window after its release (give or take a round trip).
    const expected = 400 - (performance.now() - releasedAt);
    expect((refused as { retryInMs: number }).retryInMs).toBeGreaterThanOrEqual(expected - 30);
    expect((refused as { retryInMs: number }).retryInMs).toBeLessThanOrEqual(expected + 30);
    await sleep((refused as { retryInMs: number }).retryInMs + 5);
    expect((await s.acquire(w, HOLD)).ok).toBe(true);
    expect((await s.acquire(w, HOLD)).ok).toBe(false);
  });

  it('takes all windows or none', async () => {
    const s = store();
    const wide = windowOf('general', 10, 5000);
    const narrow = windowOf('send', 1, 5000);
    expect((await s.acquire([wide, narrow], HOLD)).ok).toBe(true);
    expect(await s.acquire([wide, narrow], HOLD)).toMatchObject({ ok: false, key: 'send' });
    // The refused request took nothing from the wide window: 9 more fit.
    for (let i = 0; i < 9; i++) expect((await s.acquire([wide], HOLD)).ok).toBe(true);
    expect(await s.acquire([wide], HOLD)).toMatchObject({ ok: false, key: 'general', retryInMs: 5000 });
  });

  it('refuses a paused key until the pause ends, and never shortens a pause', async () => {
    const s = store();
    const w = [windowOf('k', 100, 1000)];
    await s.pause('k', 300);
    await s.pause('k', 50);
    const refused = await s.acquire(w, HOLD);
    expect(refused).toMatchObject({ ok: false, key: 'k' });
    expect((refused as { retryInMs: number }).retryInMs).toBeGreaterThan(200);
    expect((refused as { retryInMs: number }).retryInMs).toBeLessThanOrEqual(300);
    await sleep((refused as { retryInMs: number }).retryInMs + 5);
    expect((await s.acquire(w, HOLD)).ok).toBe(true);
  });

  it('ignores unknown and repeated releases (a second release does not stamp the slot again)', async () => {
    const s = store();
    const w = [windowOf('k', 1, 300)];
    const r = await s.acquire(w, HOLD);
    if (!r.ok) throw new Error('not admitted');
    await s.release('nope', w);
    expect(await s.acquire(w, HOLD)).toMatchObject({ ok: false, retryInMs: 300 });
    await s.release(r.lease, w);
    const stamp = await redis.zscore(`${s.prefix}k`, `${r.lease}:r`);
    await sleep(20);
    await s.release(r.lease, w);
    expect(await redis.zscore(`${s.prefix}k`, `${r.lease}:r`)).toBe(stamp);
    expect(await redis.zcard(`${s.prefix}k`)).toBe(1);
  });

  it('counts a slot never released (its process died) as released holdMs after it was taken', async () => {
    const s = store();
    const w = [windowOf('k', 1, 200)];
    expect((await s.acquire(w, { holdMs: 100 })).ok).toBe(true);
    // In flight: a full window at least.
    expect(await s.acquire(w, HOLD)).toMatchObject({ ok: false, retryInMs: 200 });
    await sleep(120);
    // Past its hold: it counts as released at taken + 100, so room comes at taken + 300.
    const refused = await s.acquire(w, HOLD);
    expect(refused).toMatchObject({ ok: false });
    expect((refused as { retryInMs: number }).retryInMs).toBeLessThan(200);
    await sleep((refused as { retryInMs: number }).retryInMs + 5);
    expect((await s.acquire(w, HOLD)).ok).toBe(true);
  });

  it('gives every key an expiry that covers what still counts, and leaves nothing behind', async () => {
    const s = store();
    const w = [windowOf('a', 5, 150), windowOf('b', 5, 100)];
    const r = await s.acquire(w, { holdMs: 200 });
    await s.pause('a', 250);
    const keys = await keysOf(s);
    expect(keys).toEqual([`${s.prefix}a`, `${s.prefix}a:meta`, `${s.prefix}b`, `${s.prefix}b:meta`]);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(352);
    }
    // In flight (taken + 200) plus the window: a's set lives about 350 ms, b's about 300 ms.
    expect(await redis.pttl(`${s.prefix}a`)).toBeGreaterThan(250);
    if (r.ok) await s.release(r.lease, w);
    // Released now: the sets shrink to one window.
    expect(await redis.pttl(`${s.prefix}a`)).toBeLessThanOrEqual(152);
    expect(await redis.pttl(`${s.prefix}b`)).toBeLessThanOrEqual(102);
    expect(await redis.pttl(`${s.prefix}a:meta`)).toBeGreaterThan(100); // the pause
    await sleep(300);
    expect(await keysOf(s)).toEqual([]);
  });

  it('measures windows on Redis’s clock, whatever the process clock says', async () => {
    const s = store();
    const w = [windowOf('k', 2, 300)];
    // A process clock an hour ahead, and one going backwards: the store never reads them.
    vi.spyOn(Date, 'now').mockImplementation(() => 3_600_000 + 1_700_000_000_000);
    vi.spyOn(performance, 'now').mockImplementation(() => -5);
    const r = await s.acquire(w, HOLD);
    if (!r.ok) throw new Error('not admitted');
    await s.release(r.lease, w);
    vi.restoreAllMocks();
    const [seconds, micros] = (await redis.time()) as [string | number, string | number];
    const redisNow = Number(seconds) * 1000 + Number(micros) / 1000;
    const stamp = Number(await redis.zscore(`${s.prefix}k`, `${r.lease}:r`));
    expect(Math.abs(redisNow - stamp)).toBeLessThan(1000);
  });

  it('runs its script by SHA and sends it again when Redis has lost it (NOSCRIPT)', async () => {
    const calls: string[] = [];
    const spying = {
      call: (command: string, ...args: Array<string | number>) => (calls.push(command.toUpperCase()), redis.call(command, ...args)),
    };
    const s = redisStore(spying, { prefix: `t${++n}:`, logLevel: 'off' });
    const w = [windowOf('k', 5, 1000)];
    await redis.script('FLUSH');
    await s.acquire(w, HOLD);
    await s.acquire(w, HOLD);
    expect(calls).toEqual(['EVALSHA', 'EVAL', 'EVALSHA']);
    await redis.script('FLUSH');
    calls.length = 0;
    expect((await s.acquire(w, HOLD)).ok).toBe(true);
    expect(calls).toEqual(['EVALSHA', 'EVAL']);
    expect(s.available).toBe(true);
  });

  it('works with a node-redis style client (sendCommand)', async () => {
    const nodeRedisLike = { sendCommand: (args: string[]) => redis.call(args[0]!, ...args.slice(1)) };
    const s = redisStore(nodeRedisLike, { prefix: `t${++n}:`, logLevel: 'off' });
    const w = [windowOf('k', 1, 1000)];
    expect((await s.acquire(w, HOLD)).ok).toBe(true);
    expect(await s.acquire(w, HOLD)).toMatchObject({ ok: false, key: 'k' });
  });

  it('refuses what cannot work', () => {
    expect(() => redisStore({} as never)).toThrow(InventConfigError);
    expect(() => redisStore(redis, { onUnavailable: 'ignore' as never })).toThrow(/onUnavailable/);
    expect(() => redisStore(redis, { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => redisStore(redis, { localShare: 2 })).toThrow(/localShare/);
  });
});
