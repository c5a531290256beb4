/**
 * Many clients in several processes, one budget: child processes (./fixtures/worker.ts), each with
 * several clients on their own Redis connections, share a scaled-down general limit through one Redis
 * and hammer a local server that enforces that limit exactly (a sliding window counted on arrival).
 * At twice the limit: zero 429s, no window of any start time over the limit, most of the limit used.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvent, createMemoryStore } from '../../src/index.js';
import { redisStore } from '../../src/redis/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../support/redis-server.js';

// Without redis-server this suite fails, with a message that says how to install it (it never skips).
requireRedisServer();
import { busiestWindow, runFleet } from './fixtures/fleet.js';

const LIMIT = 40;
const WINDOW_MS = 500;
const scaled = { general: { limit: LIMIT, windowSeconds: WINDOW_MS / 1000 } };

let redis: RedisServer;
let server: FaultServer;
beforeAll(async () => {
  redis = await startRedisServer();
  server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
});
afterAll(async () => {
  await server?.close();
  await redis?.close();
});

describe('a limit shared through Redis', () => {
  it('three processes of two clients each, at twice the limit: zero 429s, no window over the limit', async () => {
    const windows = 4;
    const {
      start,
      workers,
      busiestWindow: busiest,
    } = await runFleet({
      processes: 3,
      clientsPerProcess: 2,
      redisPort: redis.port,
      server,
      prefix: 'contention:',
      limit: LIMIT,
      windowMs: WINDOW_MS,
      demandPerWindow: 2 * LIMIT,
      durationMs: windows * WINDOW_MS,
    });
    expect(server.rejected).toBe(0);
    expect(busiest).toBeLessThanOrEqual(LIMIT);
    // Every call was answered or aborted while queued, nothing else.
    for (const worker of workers) expect(Object.keys(worker.failures).filter((name) => name !== 'AbortError')).toEqual([]);
    // And the limit was really used: the test is not passing by sending nothing.
    const accepted = server.requests.filter((r) => r.at - start < windows * WINDOW_MS).length;
    expect(accepted / (LIMIT * windows)).toBeGreaterThan(0.75);
    // Every answered call was seen by the server (calls aborted mid-flight may have reached it too).
    expect(server.requests.length).toBeGreaterThanOrEqual(workers.reduce((sum, w) => sum + w.ok, 0));
  });

  it('would be refused with a budget per client (the server really enforces the limit)', async () => {
    server.reset();
    const clients = [1, 2, 3].map(() =>
      createInvent({ apiKey: 'k', baseUrl: server.url, maxRetries: 0, rateLimit: { groups: scaled, store: createMemoryStore() } }),
    );
    await Promise.allSettled(Array.from({ length: 2 * LIMIT }, (_, i) => clients[i % 3]!.GET('/orgs/{org_id}/assistants')));
    expect(server.rejected).toBeGreaterThan(0);
  });

  it('in one process too: clients with separate connections and stores never exceed the limit, whatever the latencies', async () => {
    server.reset();
    const limit = 5;
    const windowMs = 250;
    const connections = [1, 2, 3].map(() => new Redis(redis.port, '127.0.0.1'));
    const stores = connections.map((c) => redisStore(c, { prefix: 'latencies:', logLevel: 'off' }));
    const spans: Array<{ sent: number; released: number }> = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const window = [{ key: 'k', limit, windowMs }];
    const calls = Array.from({ length: 18 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 100)));
      const store = stores[i % 3]!;
      let result = await store.acquire(window, { holdMs: 10_000 });
      while (!result.ok) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, (result as { retryInMs: number }).retryInMs)));
        result = await store.acquire(window, { holdMs: 10_000 });
      }
      const span = { sent: performance.now(), released: Infinity };
      spans.push(span);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
      span.released = performance.now();
      await store.release(result.lease, window);
    });
    await Promise.all(calls);
    await Promise.all(connections.map((c) => c.quit()));
    expect(spans).toHaveLength(18);
    // A request arrives somewhere in [sent, released]: no window may meet more than `limit` spans.
    for (const t of spans.flatMap((s) => [s.sent, s.released])) {
      expect(spans.filter((s) => s.sent < t + windowMs && s.released >= t).length).toBeLessThanOrEqual(limit);
    }
    expect(
      busiestWindow(
        spans.map((s) => s.sent),
        windowMs,
      ),
    ).toBeLessThanOrEqual(limit);
  });
});
