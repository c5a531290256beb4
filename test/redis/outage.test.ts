/**
 * Redis going away under load: killed mid-run and restarted, or hung (SIGSTOP). The documented policy
 * holds (`onUnavailable: 'local'` keeps admitting through a local limiter, `'fail'` refuses at once
 * with RateLimitStoreUnavailableError and sends nothing), no call hangs past the command timeout,
 * nothing crashes or leaves an unhandled rejection, the change is reported once, and once Redis is back
 * the store uses it again.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInvent, type Invent } from '../../src/index.js';
import { RateLimitStoreUnavailableError, redisStore, type RedisStoreStateEvent } from '../../src/redis/index.js';
import { guardUnhandledRejections } from '../faults/guard.js';
import { closedPort, type FaultServer, startFaultServer } from '../support/fault-server.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../support/redis-server.js';

// Without redis-server this suite fails, with a message that says how to install it (it never skips).
requireRedisServer();

guardUnhandledRejections();

const TIMEOUT_MS = 300;
/**
 * A call that waits for a dead Redis takes at least TIMEOUT_MS by construction, and one that hangs never
 * ends: the bounds below separate those cases with room for a loaded machine, instead of timing the call.
 */
const HANG_BOUND_MS = TIMEOUT_MS + 1_500;
/** A call made while Redis is known down must not wait for it at all: less than one command timeout. */
const PROBE_BOUND_MS = TIMEOUT_MS;
const groups = { general: { limit: 1000, windowSeconds: 1 } };

let redis: RedisServer;
let server: FaultServer;
const connections: Redis[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  server = await startFaultServer();
});
afterEach(async () => {
  if (!redis.running) await redis.start();
  redis.thaw();
  for (const c of connections.splice(0)) c.disconnect();
});
afterAll(async () => {
  await server?.close();
  await redis?.close();
});

/**
 * An ioredis client as a queue worker would configure it (commands wait for a reconnection without
 * limit, as BullMQ requires), reconnecting quickly for the test: only the store's own command timeout
 * stands between a call and a dead Redis.
 */
function connect(port = redis.port, options: RedisOptions = {}): Redis {
  const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 20, maxRetriesPerRequest: null, ...options });
  client.on('error', () => {});
  connections.push(client);
  return client;
}

interface Outcome {
  ok: boolean;
  error?: Error;
  ms: number;
  phase: string;
}

/** Sends a call every 10 ms until `stop()`, recording how each ended and how long it took. */
function pump(invent: Invent, phase: () => string) {
  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const at = phase();
      pending.push(
        invent.GET('/orgs/{org_id}/assistants').then(
          () => void outcomes.push({ ok: true, ms: performance.now() - started, phase: at }),
          (error: Error) => void outcomes.push({ ok: false, error, ms: performance.now() - started, phase: at }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    outcomes,
    async stop() {
      running = false;
      await loop;
      await Promise.all(pending);
      return outcomes;
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The keys under a prefix, read through a connection of its own. */
async function keysIn(prefix: string): Promise<string[]> {
  const admin = connect();
  try {
    return await admin.keys(`${prefix}*`);
  } finally {
    admin.disconnect();
  }
}

describe("onUnavailable: 'local' (the default)", () => {
  it('keeps every call going through a kill and a restart, warns once, and goes back to Redis', async () => {
    const events: RedisStoreStateEvent[] = [];
    const warnings: string[] = [];
    const infos: string[] = [];
    const logger = { debug() {}, info: (m: string) => infos.push(m), warn: (m: string) => warnings.push(m), error() {} };
    const store = redisStore(connect(), { prefix: 'local-kill:', timeoutMs: TIMEOUT_MS, logger, onStateChange: (e) => events.push(e) });
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: { groups, store } });
    let phase = 'up';
    const load = pump(invent, () => phase);
    await sleep(150);
    expect(await keysIn('local-kill:')).not.toEqual([]);

    phase = 'down';
    await redis.kill();
    await sleep(400);
    expect(store.available).toBe(false);

    phase = 'restarted';
    await redis.start();
    await until(() => store.available);
    phase = 'back';
    await sleep(100);
    const outcomes = await load.stop();

    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.filter((o) => o.phase === 'down').length).toBeGreaterThan(10);
    // No call waits for a dead Redis longer than the command timeout (plus the call itself).
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(HANG_BOUND_MS);
    expect(events.map((e) => [e.available, e.policy])).toEqual([
      [false, 'local'],
      [true, 'local'],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis rate-limit store is unavailable .*local limiter/);
    expect(infos.some((m) => /reachable again/.test(m))).toBe(true);
    // The restarted Redis (empty: no persistence) holds the budget again.
    await invent.GET('/orgs/{org_id}/assistants');
    expect(await keysIn('local-kill:')).not.toEqual([]);
  });

  it('does not hang on a Redis that stops answering (command timeout), and recovers when it answers again', async () => {
    const events: boolean[] = [];
    const store = redisStore(connect(), {
      prefix: 'local-hang:',
      timeoutMs: TIMEOUT_MS,
      logLevel: 'off',
      onStateChange: (e) => events.push(e.available),
    });
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: { groups, store } });
    await invent.GET('/orgs/{org_id}/assistants');
    redis.freeze();
    const started = performance.now();
    const during = await Promise.all(
      Array.from({ length: 20 }, () => invent.GET('/orgs/{org_id}/assistants').then(() => performance.now() - started)),
    );
    expect(Math.max(...during)).toBeLessThan(HANG_BOUND_MS);
    // Later calls do not wait for the hung Redis at all (a check is under way or just failed).
    const t = performance.now();
    await invent.GET('/orgs/{org_id}/assistants');
    expect(performance.now() - t).toBeLessThan(PROBE_BOUND_MS);
    redis.thaw();
    // The next calls find it back (the commands queued while it hung are answered too).
    await until(() => invent.GET('/orgs/{org_id}/assistants').then(() => store.available));
    expect(events).toEqual([false, true]);
  });

  it('keeps the local fallback within `localShare` of each limit', async () => {
    const port = await closedPort();
    const store = redisStore(connect(port, { enableOfflineQueue: false, retryStrategy: () => null }), {
      prefix: 'share:',
      localShare: 0.25,
      logLevel: 'off',
    });
    const window = [{ key: 'k', limit: 8, windowMs: 10_000 }];
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await store.acquire(window, { holdMs: 1000 })).ok);
    expect(results).toEqual([true, true, false, false]);
  });
});

describe("onUnavailable: 'fail'", () => {
  it('refuses calls at once with RateLimitStoreUnavailableError while Redis is down, sending nothing, and recovers by itself', async () => {
    const store = redisStore(connect(), { prefix: 'fail-kill:', onUnavailable: 'fail', timeoutMs: TIMEOUT_MS, logLevel: 'off' });
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: { groups, store } });
    await invent.GET('/orgs/{org_id}/assistants');
    server.reset();

    await redis.kill();
    const errors = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await sleep(i * 20);
        const started = performance.now();
        const error = await invent.GET('/orgs/{org_id}/assistants').then(
          () => undefined,
          (e: unknown) => e,
        );
        return { error, ms: performance.now() - started };
      }),
    );
    for (const { error, ms } of errors) {
      expect(error).toBeInstanceOf(RateLimitStoreUnavailableError);
      expect((error as Error).message).toMatch(/unavailable .*the request was not sent/);
      expect(ms).toBeLessThan(HANG_BOUND_MS);
    }
    expect(server.requests).toEqual([]);

    await redis.start();
    await until(
      async () =>
        await invent.GET('/orgs/{org_id}/assistants').then(
          () => true,
          () => false,
        ),
    );
    expect(store.available).toBe(true);
    expect(await keysIn('fail-kill:')).not.toEqual([]);
  });

  it('fails fast with the typed error when Redis was never reachable', async () => {
    const port = await closedPort();
    const store = redisStore(connect(port, { enableOfflineQueue: false, retryStrategy: () => null }), {
      prefix: 'never:',
      onUnavailable: 'fail',
      logLevel: 'off',
    });
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: { groups, store } });
    server.reset();
    const started = performance.now();
    const error = await invent.GET('/orgs/{org_id}/assistants').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitStoreUnavailableError);
    expect((error as Error).name).toBe('RateLimitStoreUnavailableError');
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
    expect(server.requests).toEqual([]);
  });
});
