/**
 * The transactional send against a local server that misbehaves on purpose (test/support/fault-server.ts):
 * never sent twice by the SDK, retried only when it certainly did not go out, paced by the send limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rateLimitGroups, operations } from '../../generated/operations.js';
import {
  ConnectionError,
  createInvent,
  createMemoryStore,
  RecipientRejectedError,
  SendOutcomeUnknownError,
  ServerError,
  TimeoutError,
  type InventOptions,
  type RateLimitDelayEvent,
} from '../../src/index.js';
import { closedPort, startFaultServer, type FaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from '../faults/guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

const SEND = 'POST /orgs/c/broadcasts/brd_1/send';
const RECORDS = [
  { id: 'brc_1', template_id: 'btp_1', contact_id: 'cnt_1', channel: 'WHATSAPP', status: 'SENT', external_message_id: 'wamid.1' },
];
const fast: InventOptions = { retry: { baseDelayMs: 20, minDelayMs: 5 } };
let server: FaultServer;
let invent: ReturnType<typeof createInvent>;
beforeAll(async () => {
  server = await startFaultServer({ fallback: { status: 200, body: RECORDS } });
  invent = createInvent({ apiKey: 'sk_fault', baseUrl: server.url, ...fast, rateLimit: { store: createMemoryStore() } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const send = (client = invent, timeout?: number) =>
  client.broadcasts
    .transactional<{ otp: string }>('brd_1')
    .send({ email: 'ana@example.com' }, { variables: { otp: '123456' }, ...(timeout ? { timeout } : {}) });

describe('never sent twice', () => {
  it('500 after the send: exactly one request reaches the server; SendOutcomeUnknownError', async () => {
    server.script(SEND, {
      status: 500,
      body: { statusCode: 500, message: 'Internal server error' },
      headers: { 'x-request-id': 'req_500' },
    });
    const error = await failure(send());
    expect(server.requestsTo(SEND)).toHaveLength(1);
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(error).toMatchObject({
      broadcastId: 'brd_1',
      recipient: { email: 'ana@example.com' },
      attempts: 1,
      status: 500,
      requestId: 'req_500',
    });
    expect((error as Error).cause).toBeInstanceOf(ServerError);
    expect(JSON.stringify(error)).not.toContain('123456'); // the variables (an OTP) are not kept on the error
  });

  it('a 503 (which a read would retry) is not retried either', async () => {
    server.script(SEND, { status: 503 }, { status: 200, body: RECORDS });
    expect(await failure(send())).toBeInstanceOf(SendOutcomeUnknownError);
    expect(server.requestsTo(SEND)).toHaveLength(1);
  });

  it('a timeout after the request was written: not retried; SendOutcomeUnknownError', async () => {
    server.script(SEND, { kind: 'hang' });
    const error = await failure(send(invent, 150));
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(TimeoutError);
    expect(server.requestsTo(SEND)).toHaveLength(1);
  });

  it('the connection reset after the request body: not retried; SendOutcomeUnknownError', async () => {
    server.script(SEND, { kind: 'destroy-after-body' });
    const error = await failure(send());
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(ConnectionError);
    expect(server.requestsTo(SEND)).toHaveLength(1);
    expect(JSON.parse(server.requestsTo(SEND)[0]!.body)).toEqual({ email: 'ana@example.com', variables: { otp: '123456' } });
  });

  it('a refusal (400) is final: one request, RecipientRejectedError', async () => {
    server.script(SEND, { status: 400, body: { statusCode: 400, message: 'Contact is unsubscribed' } });
    expect(await failure(send())).toBeInstanceOf(RecipientRejectedError);
    expect(server.requestsTo(SEND)).toHaveLength(1);
  });
});

describe('retried when it certainly did not go out', () => {
  it('429 three times: a SendRateLimitError that says "(after 3 attempts)" once', async () => {
    const limited = { status: 429, headers: { 'retry-after-ms': '20' }, body: { message: 'Too many requests' } };
    server.script(SEND, limited, limited, limited);
    const error = await failure(send());
    expect(server.requestsTo(SEND)).toHaveLength(3);
    expect((error as Error).name).toBe('SendRateLimitError');
    expect((error as Error).message).toBe('broadcasts.send failed with 429: Too many requests (after 3 attempts)');
  });

  it('429: waits the Retry-After, then sends again and succeeds', async () => {
    server.script(
      SEND,
      { status: 429, headers: { 'retry-after-ms': '150' }, body: { message: 'Too many requests' } },
      { status: 200, body: RECORDS },
    );
    expect(await send()).toEqual(RECORDS);
    const [first, second] = server.requestsTo(SEND);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(145);
    expect(second!.body).toBe(first!.body);
  });

  it('connection refused: sent again (nothing went out), and delivered once', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const targets: string[] = [];
    // The first attempt goes to a port nothing listens on, the next ones to the server.
    const fetch = async (request: Request) => {
      const base = targets.length === 0 ? refused : server.url;
      targets.push(base);
      const url = new URL(request.url);
      return globalThis.fetch(`${base}${url.pathname}`, {
        method: request.method,
        headers: request.headers,
        body: await request.text(),
        signal: request.signal,
      });
    };
    const client = createInvent({ apiKey: 'sk_fault', baseUrl: server.url, ...fast, rateLimit: false, fetch });
    expect(await send(client)).toEqual(RECORDS);
    expect(targets).toEqual([refused, server.url]);
    expect(server.requestsTo(SEND)).toHaveLength(1);
  });

  it('refused every time: a ConnectionError that says nothing was sent (not an unknown outcome)', async () => {
    const client = createInvent({
      apiKey: 'sk_fault',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      ...fast,
      rateLimit: false,
      maxRetries: 1,
    });
    const error = await failure(send(client));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(SendOutcomeUnknownError);
    expect(error).toMatchObject({ outcomeUnknown: false, attempts: 2 });
  });
});

describe('the send limit: queued, not failed', () => {
  it('the contract puts the send in the broadcast-send group, 100 per 60 s', () => {
    expect(operations['POST /orgs/{org_id}/broadcasts/{broadcast_id}/send']).toMatchObject({
      idempotent: false,
      rateLimits: ['general', 'broadcast-send'],
    });
    expect(rateLimitGroups['broadcast-send']).toEqual({ limit: 100, windowSeconds: 60 });
  });

  it('with the real limit, the 101st send of a minute waits in the queue for broadcast-send (it does not fail)', async () => {
    const now = 0;
    const delays: RateLimitDelayEvent[] = [];
    const client = createInvent({
      apiKey: 'sk_fault',
      baseUrl: server.url,
      rateLimit: { store: createMemoryStore({ now: () => now }), onDelay: (e) => delays.push(e) },
    });
    const handle = client.broadcasts.transactional('brd_1');
    await Promise.all(Array.from({ length: 100 }, (_, i) => handle.send({ email: `user${i}@example.com` })));
    expect(server.requestsTo(SEND)).toHaveLength(100);
    const controller = new AbortController();
    const waiting = handle.send({ email: 'user100@example.com' }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requestsTo(SEND)).toHaveLength(100);
    expect(delays).toEqual([expect.objectContaining({ group: 'broadcast-send', operation: 'broadcasts.send' })]);
    expect(delays[0]!.delayMs).toBeGreaterThan(59_000);
    controller.abort();
    expect(await failure(waiting)).toMatchObject({ name: 'AbortError', outcomeUnknown: false });
  });

  it('sendMany of 1,000 items against a server that enforces the limit (scaled to 100 per 100 ms): zero 429s, results in order, bad items reported and not sent, the batch goes on', async () => {
    const limited = await startFaultServer({ rateLimit: { limit: 100, windowMs: 100 }, fallback: { status: 200, body: RECORDS } });
    try {
      const held: RateLimitDelayEvent[] = [];
      const client = createInvent({
        apiKey: 'sk_fault',
        baseUrl: limited.url,
        rateLimit: {
          store: createMemoryStore(),
          groups: { 'broadcast-send': { limit: 100, windowSeconds: 0.1 }, general: false },
          onDelay: (e) => held.push(e),
        },
      });
      async function* backlog() {
        for (let i = 0; i < 1000; i++) {
          // Two bad items in the middle: no identifier, and a phone without its country code. Neither is sent.
          if (i === 500) yield { recipient: { name: 'no identifier' } as never, variables: { order_id: `ord_${i}` } };
          else if (i === 700) yield { recipient: { phone: '4155550123' }, variables: { order_id: `ord_${i}` } };
          else yield { recipient: { email: `user${i}@example.com` }, variables: { order_id: `ord_${i}` } };
        }
      }
      const progress: number[] = [];
      const run = client.broadcasts
        .transactional<{ order_id: string }>('brd_1')
        .sendMany(backlog(), { concurrency: 110, onProgress: (p) => progress.push(p.done) });
      const indexes: number[] = [];
      const failed: Array<[number, string]> = [];
      for await (const result of run) {
        indexes.push(result.index);
        if (!result.ok) failed.push([result.index, result.error.name]);
        else expect(result.records).toEqual(RECORDS);
      }
      const summary = await run;
      expect(limited.rejected).toBe(0);
      // The client did the pacing: with more sends in flight than the limit, it held them back for
      // broadcast-send instead of collecting 429s.
      expect(held.length).toBeGreaterThan(0);
      expect(new Set(held.map((e) => e.group))).toEqual(new Set(['broadcast-send']));
      expect(indexes).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(failed).toEqual([
        [500, 'SendInputError'],
        [700, 'SendInputError'],
      ]);
      expect(summary).toMatchObject({ total: 1000, sent: 998, failed: 2, invalid: 2, outcomeUnknown: 0 });
      expect(summary.stopped).toBeUndefined();
      expect(summary.failures.map((f) => f.item.variables.order_id)).toEqual(['ord_500', 'ord_700']);
      expect(limited.requests).toHaveLength(998);
      expect(progress.at(-1)).toBe(1000);
      // Paced: 998 requests at 100 per 100 ms take at least 9 windows.
      const times = limited.requests.map((r) => r.at);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(900);
    } finally {
      await limited.close();
    }
  });
});
