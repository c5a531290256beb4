/**
 * Redis limiter utilization: four processes share one rate limit through the Redis store
 * (invent-sdk/redis). How much of the limit do they use together, and do they ever cause a 429?
 *
 * A real Redis (test/support/redis-server.ts) and a local server that enforces the limit exactly
 * (test/support/fault-server.ts: a sliding window counted on arrival, 429 beyond it) run in this
 * process; four worker processes (test/redis/fixtures/worker.ts), one client each, with the general
 * group scaled down to the same limit, are offered twice the limit between them at a steady rate for
 * WARMUP + WINDOWS windows. Utilization is the number of requests the server accepted during the last
 * WINDOWS windows (after the first window's fill) divided by the most the limit allows in that time.
 *
 * Goals: redis-limiter-utilization >= 0.95, redis-limiter-429s == 0. About 15 s.
 */
import { printFigure } from './support/figure.js';
import { runFleet } from '../test/redis/fixtures/fleet.js';
import { startFaultServer } from '../test/support/fault-server.js';
import { startRedisServer } from '../test/support/redis-server.js';

const UTILIZATION_GOAL = 0.95;
const PROCESSES = 4;
const LIMIT = 100;
const WINDOW_MS = 2000;
const WARMUP = 1;
const WINDOWS = 5;

const redis = await startRedisServer();
const server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
try {
  const endMs = (WARMUP + WINDOWS) * WINDOW_MS;
  const { start, workers, busiestWindow } = await runFleet({
    processes: PROCESSES,
    clientsPerProcess: 1,
    redisPort: redis.port,
    server,
    prefix: 'bench:',
    limit: LIMIT,
    windowMs: WINDOW_MS,
    demandPerWindow: 2 * LIMIT,
    durationMs: endMs,
  });
  const from = WARMUP * WINDOW_MS;
  const accepted = server.requests.filter((r) => r.handledBy !== 'rate-limited' && r.at - start >= from && r.at - start < endMs).length;
  const utilization = Math.round((accepted / (LIMIT * WINDOWS)) * 1000) / 1000;
  const offered = workers.reduce((sum, w) => sum + w.offered, 0);
  const failures = workers.reduce(
    (sum, w) =>
      sum +
      Object.entries(w.failures)
        .filter(([name]) => name !== 'AbortError')
        .reduce((s, [, n]) => s + n, 0),
    0,
  );
  const context = {
    processes: PROCESSES,
    limit: LIMIT,
    windowMs: WINDOW_MS,
    windows: WINDOWS,
    offeredPerWindow: 2 * LIMIT,
    offered,
    accepted,
    busiestWindow,
    perProcess: workers.map((w) => w.ok),
  };
  printFigure('redis-limiter-utilization', utilization, 'ratio', ['>=', UTILIZATION_GOAL], context);
  printFigure('redis-limiter-429s', server.rejected, 'count', ['==', 0], { requests: server.requests.length, failures });
} finally {
  await server.close();
  await redis.close();
}
