/**
 * Drives the SDK's client-side limiter against a local server that enforces a limit exactly, like
 * the API (test/support/fault-server.ts, in this process: a sliding window counted on arrival, 429
 * for any request that would make a window hold more than the limit). The SDK (the general group
 * scaled down to the same limit and window) is offered twice the limit, at a steady rate, for
 * `warmup + windows` windows. Utilization is the number of requests the server accepted during the
 * last `windows` windows (the steady state, after the first fill) divided by `limit x windows`.
 */
import { setMaxListeners } from 'node:events';
import { createInvent, createMemoryStore } from '../../src/index.js';
import { startFaultServer } from '../../test/support/fault-server.js';

export interface LimiterRun {
  limit: number;
  windowMs: number;
  windows: number;
  warmup: number;
  /** How long the server takes to answer each request. */
  latencyMs: number;
}

export async function runLimiter(run: LimiterRun) {
  const { limit, windowMs, windows, warmup, latencyMs } = run;
  const server = await startFaultServer({
    rateLimit: { limit, windowMs },
    fallback: { status: 200, body: {}, ...(latencyMs ? { delayMs: latencyMs } : {}) },
  });
  const invent = createInvent({
    apiKey: 'sk_bench_key',
    baseUrl: server.url,
    rateLimit: { store: createMemoryStore(), groups: { general: { limit, windowSeconds: windowMs / 1000 } } },
  });
  const controller = new AbortController();
  // Every queued call listens to this one signal.
  setMaxListeners(0, controller.signal);
  const calls: Promise<unknown>[] = [];
  const start = performance.now();
  const endMs = (warmup + windows) * windowMs;
  const perMs = (2 * limit) / windowMs;
  let offered = 0;
  while (performance.now() - start < endMs) {
    // Offer twice the limit at a steady rate, catching up after any late tick.
    const due = Math.floor((performance.now() - start) * perMs);
    for (; offered < due; offered++)
      calls.push(invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  controller.abort();
  await Promise.all(calls);
  await server.close();

  const from = warmup * windowMs;
  const accepted = server.requests.filter((r) => r.handledBy !== 'rate-limited' && r.at - start >= from && r.at - start < endMs).length;
  const utilization = Math.round((accepted / (limit * windows)) * 1000) / 1000;
  // The busiest window the server saw, of any start time (never above the limit when the limiter is right).
  const arrivals = server.requests.filter((r) => r.handledBy !== 'rate-limited').map((r) => r.at);
  let busiestWindow = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[j]! <= arrivals[i]! - windowMs) j++;
    busiestWindow = Math.max(busiestWindow, i - j + 1);
  }
  return {
    utilization,
    rejected: server.rejected,
    requests: server.requests.length,
    context: { limit, windowMs, windows, latencyMs, offeredPerWindow: 2 * limit, offered, accepted, busiestWindow },
  };
}
