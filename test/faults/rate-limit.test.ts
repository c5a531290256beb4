/**
 * The limiter against a server that enforces a limit exactly (a sliding window counted on arrival),
 * scaled down through group overrides: demand at twice the limit must cause zero 429s, and the
 * requests the limiter lets through must use most of what the limit allows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInvent, createMemoryStore, type Invent, type RateLimitDelayEvent } from '../../src/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';

guardUnhandledRejections();

const LIMIT = 50;
const WINDOW_MS = 250;
const scaled = { general: { limit: LIMIT, windowSeconds: WINDOW_MS / 1000 } };

let servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function enforcing(): Promise<FaultServer> {
  const server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  servers.push(server);
  return server;
}

/**
 * Offers `rate` calls per window for `windows` windows, spread over the clients, then aborts what is
 * still queued. Returns how many requests the server accepted during the demand span.
 */
async function drive(
  clients: Invent[],
  server: FaultServer,
  windows: number,
): Promise<{ accepted: number; settled: PromiseSettledResult<unknown>[] }> {
  const controller = new AbortController();
  const calls: Promise<unknown>[] = [];
  const start = performance.now();
  const spanMs = windows * WINDOW_MS;
  const perTick = (2 * LIMIT) / (WINDOW_MS / 10);
  let n = 0;
  while (performance.now() - start < spanMs) {
    for (let i = 0; i < perTick; i++)
      calls.push(clients[n++ % clients.length]!.GET('/orgs/{org_id}/assistants', { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  controller.abort();
  const settled = await Promise.allSettled(calls);
  const accepted = server.requests.filter((r) => r.handledBy !== 'rate-limited' && r.at - start < spanMs).length;
  return { accepted, settled };
}

describe('client-side rate limiting against an enforcing server', () => {
  it('causes zero 429s at twice the limit, and uses most of it', async () => {
    // Counted by the server, over windows long beside scheduling jitter, with the whole demand queued
    // at once: how fast this machine runs changes when requests arrive by milliseconds, not how many
    // the limiter lets into each window.
    const limit = 20;
    const windowMs = 1000;
    const windows = 2;
    const server = await startFaultServer({ rateLimit: { limit, windowMs } });
    servers.push(server);
    const delays: RateLimitDelayEvent[] = [];
    const invent = createInvent({
      apiKey: 'k',
      baseUrl: server.url,
      rateLimit: {
        groups: { general: { limit, windowSeconds: windowMs / 1000 } },
        store: createMemoryStore(),
        onDelay: (e) => delays.push(e),
      },
    });
    const controller = new AbortController();
    const calls = Array.from({ length: 2 * limit * windows }, () => invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }));
    const acceptedCount = () => server.requests.filter((r) => r.handledBy !== 'rate-limited').length;
    // Demand lasts until the server has accepted what `windows` windows allow (or clearly more time).
    const deadline = performance.now() + windows * windowMs * 5;
    while (acceptedCount() < limit * windows && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const settled = await Promise.allSettled(calls);
    const first = server.requests[0]!.at;
    const accepted = server.requests.filter((r) => r.handledBy !== 'rate-limited' && r.at - first < windows * windowMs).length;
    expect(server.rejected).toBe(0);
    expect(accepted / (limit * windows)).toBeGreaterThan(0.8);
    expect(delays.length).toBeGreaterThan(0);
    expect(delays[0]).toMatchObject({ group: 'general', operation: 'assistants.list', attempt: 1 });
    // Every call either succeeded or was aborted while queued; nothing else.
    for (const result of settled) if (result.status === 'rejected') expect((result.reason as Error).name).toBe('AbortError');
  });

  it('shares one budget between clients of the same process by default', async () => {
    const server = await enforcing();
    const clients = [1, 2, 3].map(() => createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: { groups: scaled } }));
    await drive(clients, server, 4);
    expect(server.rejected).toBe(0);
  });

  it('would be refused without it (the server really enforces the limit)', async () => {
    // The same limit over a window no loaded machine can outlast, so the count does not depend on how
    // fast the requests go out: the server accepts exactly LIMIT of them, by its own count.
    const server = await startFaultServer({ rateLimit: { limit: LIMIT, windowMs: 10 * 60_000 } });
    servers.push(server);
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, rateLimit: false, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: LIMIT * 2 }, () => invent.GET('/orgs/{org_id}/assistants')));
    expect(server.rejected).toBe(LIMIT);
    expect(server.requests.filter((r) => r.handledBy !== 'rate-limited')).toHaveLength(LIMIT);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name)).toEqual(
      Array(LIMIT).fill('RateLimitError'),
    );
  });

  it('keys org-scoped groups per organization', async () => {
    const server = await enforcing();
    const invent = createInvent({
      apiKey: 'k',
      baseUrl: server.url,
      rateLimit: {
        store: createMemoryStore(),
        groups: { general: false, 'assistant-create': { limit: 2, windowSeconds: 0.3, scope: 'org' } },
      },
    });
    const started = performance.now();
    const times: Record<string, number[]> = { org_a: [], org_b: [] };
    await Promise.all(
      ['org_a', 'org_b'].flatMap((org) =>
        [1, 2, 3].map(() =>
          invent
            .POST('/orgs/{org_id}/assistants', { params: { path: { org_id: org } }, body: { name: 'x' } })
            .then(() => times[org]!.push(performance.now() - started)),
        ),
      ),
    );
    for (const org of ['org_a', 'org_b']) {
      const sorted = times[org]!.sort((a, b) => a - b);
      expect(sorted[1]!).toBeLessThan(250);
      expect(sorted[2]!).toBeGreaterThanOrEqual(290);
    }
  });
});
