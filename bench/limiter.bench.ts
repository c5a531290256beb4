/**
 * Limiter utilization: how much of an enforced rate limit the SDK's client-side limiter actually uses,
 * and whether it ever causes a 429.
 *
 * A local server (test/support/fault-server.ts, in this process) enforces a limit exactly, like the
 * API: a sliding window counted on arrival, 429 for any request that would make a window hold more
 * than the limit. The SDK (the general group scaled down to the same limit and window) is offered
 * twice the limit, at a steady rate, for WARMUP + WINDOWS windows. Utilization is the number of
 * requests the server accepted during the last WINDOWS windows (the steady state, after the first
 * window's fill) divided by the most the limit allows in that time (limit x WINDOWS).
 *
 * Goals: limiter-utilization >= 0.97, limiter-429s == 0.
 */
import { printFigure } from './support/figure.js';
import { createInvent, createMemoryStore } from '../src/index.js';
import { startFaultServer } from '../test/support/fault-server.js';

const UTILIZATION_GOAL = 0.97;
const LIMIT = 100;
const WINDOW_MS = 1000;
const WARMUP = 1;
const WINDOWS = 5;
const TICK_MS = 10;

const server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
const invent = createInvent({
  apiKey: 'sk_bench_key',
  baseUrl: server.url,
  rateLimit: { store: createMemoryStore(), groups: { general: { limit: LIMIT, windowSeconds: WINDOW_MS / 1000 } } },
});

const controller = new AbortController();
const calls: Promise<unknown>[] = [];
const start = performance.now();
const endMs = (WARMUP + WINDOWS) * WINDOW_MS;
const perMs = (2 * LIMIT) / WINDOW_MS;
let offered = 0;
while (performance.now() - start < endMs) {
  // Offer twice the limit at a steady rate, catching up after any late tick.
  const due = Math.floor((performance.now() - start) * perMs);
  for (; offered < due; offered++)
    calls.push(invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }).catch((e: unknown) => e));
  await new Promise((resolve) => setTimeout(resolve, TICK_MS));
}
controller.abort();
await Promise.all(calls);
await server.close();

const from = WARMUP * WINDOW_MS;
const accepted = server.requests.filter((r) => r.handledBy !== 'rate-limited' && r.at - start >= from && r.at - start < endMs).length;
const utilization = Math.round((accepted / (LIMIT * WINDOWS)) * 1000) / 1000;
// The busiest window the server saw, of any start time (never above the limit when the limiter is right).
const arrivals = server.requests.filter((r) => r.handledBy !== 'rate-limited').map((r) => r.at);
let busiestWindow = 0;
for (let i = 0, j = 0; i < arrivals.length; i++) {
  while (arrivals[j]! <= arrivals[i]! - WINDOW_MS) j++;
  busiestWindow = Math.max(busiestWindow, i - j + 1);
}
const context = { limit: LIMIT, windowMs: WINDOW_MS, windows: WINDOWS, offeredPerWindow: 2 * LIMIT, offered, accepted, busiestWindow };
printFigure('limiter-utilization', utilization, 'ratio', ['>=', UTILIZATION_GOAL], context);
printFigure('limiter-429s', server.rejected, 'count', ['==', 0], { requests: server.requests.length });
