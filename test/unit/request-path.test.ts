/**
 * The request path through createInvent with a scripted `fetch` (no network) and fake timers, so
 * every wait is exact: retries, Retry-After, budgets, idempotency, abort, timeouts, the limiter hook,
 * request ids and logging.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operations } from '../../generated/operations.js';
import type { OperationMeta } from '../../src/contract/types.js';
import {
  AbortError,
  ConnectionError,
  createInvent,
  createMemoryStore,
  InventConfigError,
  type InventOptions,
  InventValidationError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { recordingFetch } from '../support/recording-fetch.js';

type Reply = Response | Error | 'hang';

/** A fetch that answers from a script, one entry per request (the last one repeats). */
function scripted(...replies: Reply[]) {
  let i = 0;
  const { fetch, requests } = recordingFetch(async () => {
    const reply = replies[Math.min(i++, replies.length - 1)]!;
    if (reply === 'hang') return new Promise<Response>(() => {});
    if (reply instanceof Error) throw reply;
    return reply.clone();
  });
  return { fetch, requests };
}

const json = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => Response.json(body, { status, headers });
const netError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} 127.0.0.1`), { code }) });
const quiet: InventOptions = { rateLimit: false };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Date.parse('2025-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs a call to completion under fake timers; resolves with its value or its error, and the fake time spent. */
async function settle<T>(call: () => Promise<T>): Promise<{ value?: T; error?: unknown; elapsed: number }> {
  const start = Date.now();
  const outcome = call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return { ...(await outcome), elapsed: Date.now() - start };
}

describe('retries', () => {
  it('retries a 503 on a read, with backoff, and succeeds', async () => {
    const { fetch, requests } = scripted(json(503), json(503), json(200, [{ id: 'ast_1' }], { 'x-request-id': 'req_ok' }));
    const invent = createInvent({ apiKey: 'k', fetch, ...quiet });
    const { value } = await settle(() => invent.GET('/orgs/{org_id}/assistants'));
    expect(requests).toHaveLength(3);
    expect(value?.data).toEqual([{ id: 'ast_1' }]);
    expect(value?.requestId).toBe('req_ok');
  });

  it('gives up after maxRetries (2 by default) with a ServerError counting the attempts', async () => {
    const { fetch, requests } = scripted(json(502, { message: 'bad gateway' }));
    const { error } = await settle(() => createInvent({ apiKey: 'k', fetch, ...quiet }).GET('/orgs/{org_id}/assistants'));
    expect(requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, attempts: 3, outcomeUnknown: false });
    expect((error as Error).message).toBe('assistants.list failed with 502: bad gateway (after 3 attempts)');
  });

  it('takes maxRetries per client and per call', async () => {
    const none = scripted(json(503));
    await settle(() => createInvent({ apiKey: 'k', fetch: none.fetch, maxRetries: 0, ...quiet }).GET('/orgs/{org_id}/assistants'));
    expect(none.requests).toHaveLength(1);
    const five = scripted(json(503));
    await settle(() =>
      createInvent({ apiKey: 'k', fetch: five.fetch, maxRetries: 0, ...quiet }).GET('/orgs/{org_id}/assistants', { maxRetries: 5 }),
    );
    expect(five.requests).toHaveLength(6);
    const off = scripted(json(503));
    await settle(() => createInvent({ apiKey: 'k', fetch: off.fetch, ...quiet }).GET('/orgs/{org_id}/assistants', { maxRetries: 0 }));
    expect(off.requests).toHaveLength(1);
  });

  it('refuses nonsense retry and timeout options', async () => {
    expect(() => createInvent({ apiKey: 'k', maxRetries: -1 })).toThrow(InventConfigError);
    expect(() => createInvent({ apiKey: 'k', maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => createInvent({ apiKey: 'k', timeout: Number.NaN })).toThrow(/timeout/);
    const { fetch, requests } = scripted(json(200));
    const { error } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).GET('/orgs/{org_id}/assistants', { maxRetries: -2 }),
    );
    expect(error).toBeInstanceOf(InventValidationError);
    expect(requests).toHaveLength(0);
  });

  it('never repeats a non-idempotent POST after a 5xx, and says the outcome is unknown', async () => {
    const { fetch, requests } = scripted(json(503, { message: 'unavailable' }));
    const { error } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).POST('/orgs/{org_id}/assistants', { body: { name: 'Support' } }),
    );
    expect(requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ outcomeUnknown: true, operation: 'assistants.create' });
    expect((error as Error).message).toBe(
      'assistants.create failed with 503: unavailable; the request may have been applied; it was not retried because assistants.create is not idempotent',
    );
  });

  it('never repeats a transactional send after a 5xx or a reset', async () => {
    const send = (fetch: (r: Request) => Promise<Response>) =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).raw.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
        params: { path: { broadcast_id: 'brd_1' } },
        body: { email: 'ana@example.com' },
      } as never);
    const five = scripted(json(502));
    const { value } = await settle(() => send(five.fetch));
    expect(five.requests).toHaveLength(1);
    expect(value?.response.status).toBe(502);
    const reset = scripted(netError('ECONNRESET'), json(200));
    const { error } = await settle(() => send(reset.fetch));
    expect(reset.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcomeUnknown: true, operation: 'broadcasts.send' });
    expect((error as Error).message).toMatch(
      /connection reset \(ECONNRESET\); the request may have been applied; it was not retried because broadcasts.send is not idempotent$/,
    );
  });

  it('repeats any call whose connection was refused before sending, replaying the body', async () => {
    const { fetch, requests } = scripted(netError('ECONNREFUSED'), netError('ENOTFOUND'), json(201, { id: 'ast_1' }));
    const { value } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).POST('/orgs/{org_id}/assistants', { body: { name: 'Support' } }),
    );
    expect(value?.data).toEqual({ id: 'ast_1' });
    expect(requests.map((r) => r.body)).toEqual(Array(3).fill('{"name":"Support"}'));
  });

  it('replays a streamed body on every retry, reading the stream once', async () => {
    const { fetch, requests } = scripted(netError('ECONNREFUSED'), json(429, {}, { 'retry-after-ms': '100' }), json(201, { id: 'ast_1' }));
    let pulls = 0;
    const stream = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode('{"name":"Streamed"}'));
          controller.close();
        },
      });
    const { value } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).POST('/orgs/{org_id}/assistants', {
        body: { name: 'ignored' },
        bodySerializer: stream,
        duplex: 'half',
      } as never),
    );
    expect(value?.data).toEqual({ id: 'ast_1' });
    expect(requests.map((r) => r.body)).toEqual(Array(3).fill('{"name":"Streamed"}'));
    expect(pulls).toBe(1);
  });

  it('replays an async iterable body (a Node stream, a generator) on a retry', async () => {
    const { fetch, requests } = scripted(json(429, {}, { 'retry-after-ms': '100' }), json(201, { id: 'ast_1' }));
    async function* chunks() {
      yield '{"name":';
      yield new TextEncoder().encode('"Iterated"}');
    }
    const { value } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).POST('/orgs/{org_id}/assistants', {
        body: { name: 'ignored' },
        bodySerializer: chunks,
      } as never),
    );
    expect(value?.data).toEqual({ id: 'ast_1' });
    expect(requests.map((r) => r.body)).toEqual(Array(2).fill('{"name":"Iterated"}'));
  });

  it('reports a request the platform cannot build at once, without retrying it as a network failure', async () => {
    const { value, error } = await settle(() =>
      createInvent({ apiKey: 'k', ...quiet }).GET('/orgs/{org_id}/assistants', { body: 'not on a GET' } as never),
    );
    expect(value).toBeUndefined();
    expect(error).toBeInstanceOf(InventValidationError);
    expect((error as Error).message).toMatch(/cannot be sent: .*GET/);
  });

  it('repeats a 429 for any call, waiting exactly the Retry-After', async () => {
    const { fetch, requests } = scripted(json(429, {}, { 'retry-after': '2' }), json(201, { id: 'ast_1' }));
    const times: number[] = [];
    const timed = async (r: Request) => (times.push(Date.now()), fetch(r));
    const { value, elapsed } = await settle(() =>
      createInvent({ apiKey: 'k', fetch: timed, ...quiet }).POST('/orgs/{org_id}/assistants', { body: { name: 'x' } }),
    );
    expect(value?.data).toEqual({ id: 'ast_1' });
    expect(requests).toHaveLength(2);
    expect(times[1]! - times[0]!).toBe(2000);
    expect(elapsed).toBe(2000);
  });

  it('decides idempotency from the generated metadata, not the method', async () => {
    const entries = Object.entries(operations) as Array<[string, OperationMeta]>;
    const idempotentWrite = entries.find(([, op]) => op.method !== 'GET' && op.idempotent && !op.body);
    const nonIdempotentWrite = entries.find(([, op]) => op.method !== 'GET' && !op.idempotent && !op.body);
    for (const [found, expected] of [
      [idempotentWrite, 2],
      [nonIdempotentWrite, 1],
    ] as const) {
      if (!found) continue;
      const [, op] = found;
      const { fetch, requests } = scripted(json(503), json(200));
      const invent = createInvent({ apiKey: 'k', fetch, ...quiet });
      const call = invent.raw[op.method] as (path: string, init: object) => Promise<unknown>;
      await settle(() => call(op.path, { params: { path: Object.fromEntries(op.pathParams.map((p) => [p, 'x'])) } }));
      expect(requests, `${op.method} ${op.path}`).toHaveLength(expected);
    }
  });

  it('fails at once with RateLimitError when the Retry-After is beyond the budget, carrying the wait', async () => {
    const { fetch, requests } = scripted(json(429, { message: 'slow down' }, { 'retry-after': '99999999999' }));
    const { error, elapsed } = await settle(() => createInvent({ apiKey: 'k', fetch, ...quiet }).GET('/orgs/{org_id}/assistants'));
    expect(requests).toHaveLength(1);
    expect(elapsed).toBe(0);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(99_999_999_999_000);
  });

  it('honours a Retry-After within the budget and never spins on Retry-After: 0', async () => {
    const waits = scripted(json(503, {}, { 'retry-after-ms': '0' }), json(503, {}, { 'retry-after': '0' }), json(200));
    const { elapsed } = await settle(() => createInvent({ apiKey: 'k', fetch: waits.fetch, ...quiet }).GET('/orgs/{org_id}/assistants'));
    expect(waits.requests).toHaveLength(3);
    expect(elapsed).toBe(100); // two floors of 50 ms
    const budget = scripted(json(429, {}, { 'retry-after': '10' }));
    const { error } = await settle(() =>
      createInvent({ apiKey: 'k', fetch: budget.fetch, retry: { budgetMs: 15_000 }, ...quiet }).GET('/orgs/{org_id}/assistants'),
    );
    expect(budget.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it('stops a backoff sleep the moment the signal aborts', async () => {
    const { fetch, requests } = scripted(json(503, {}, { 'retry-after': '30' }));
    const controller = new AbortController();
    const invent = createInvent({ apiKey: 'k', fetch, ...quiet });
    const outcome = invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ outcomeUnknown: false, attempts: 1 });
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('timeouts', () => {
  it('fails an attempt after the per-call timeout; retries it only when idempotent', async () => {
    const read = scripted('hang', json(200, []));
    const { value, elapsed } = await settle(() =>
      createInvent({ apiKey: 'k', fetch: read.fetch, retry: { baseDelayMs: 0, minDelayMs: 0 }, ...quiet }).GET(
        '/orgs/{org_id}/assistants',
        { timeout: 1500 },
      ),
    );
    expect(read.requests).toHaveLength(2);
    expect(value?.data).toEqual([]);
    expect(elapsed).toBe(1500);

    const write = scripted('hang');
    const { error } = await settle(() =>
      createInvent({ apiKey: 'k', fetch: write.fetch, timeout: 5000, ...quiet }).POST('/orgs/{org_id}/assistants', { body: { name: 'x' } }),
    );
    expect(write.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5000, outcomeUnknown: true });
    expect((error as Error).message).toBe(
      'assistants.create failed: timed out after 5000 ms; the request may have been applied; it was not retried because assistants.create is not idempotent',
    );
  });

  it('defaults to 60 s', async () => {
    const { fetch } = scripted('hang');
    const { error, elapsed } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, maxRetries: 0, ...quiet }).GET('/orgs/{org_id}/assistants'),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBe(60_000);
  });

  it('gives a custom fetch a signal that aborts at the timeout, kept when the fetch spreads its init', async () => {
    const seen: AbortSignal[] = [];
    const wrapping = (_request: Request, init?: { signal: AbortSignal; redirect: 'manual' }) => {
      const copy = { ...init };
      seen.push(copy.signal!);
      expect(copy.redirect).toBe('manual');
      return new Promise<Response>(() => {}); // ignores the signal: the SDK settles the attempt itself
    };
    const { error, elapsed } = await settle(() =>
      createInvent({ apiKey: 'k', fetch: wrapping, maxRetries: 0, timeout: 2000, ...quiet }).GET('/orgs/{org_id}/assistants'),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBe(2000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(true);
    expect((seen[0]!.reason as Error).name).toBe('TimeoutError');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborts an attempt in flight at the caller's signal, and the custom fetch's signal with it", async () => {
    let signal: AbortSignal | undefined;
    const hanging = (_request: Request, init?: { signal: AbortSignal }) => {
      signal = init!.signal;
      return new Promise<Response>(() => {});
    };
    const controller = new AbortController();
    const outcome = createInvent({ apiKey: 'k', fetch: hanging, ...quiet })
      .GET('/orgs/{org_id}/assistants', { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(new Error('stop'));
    const error = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toMatchObject({ message: 'stop' });
    expect(signal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands a custom fetch an already aborted signal when the call was aborted before it was sent', async () => {
    const { fetch, requests } = scripted(json(200, []));
    const controller = new AbortController();
    controller.abort();
    const { error } = await settle(() =>
      createInvent({ apiKey: 'k', fetch, ...quiet }).GET('/orgs/{org_id}/assistants', { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });
});

describe('client-side rate limiting', () => {
  it('delays a burst instead of failing, telling the onDelay hook', async () => {
    const { fetch, requests } = scripted(json(200, []));
    const delays: unknown[] = [];
    const invent = createInvent({
      apiKey: 'k',
      fetch,
      rateLimit: {
        store: createMemoryStore({ now: () => Date.now() }),
        groups: { general: { limit: 2, windowSeconds: 1 } },
        onDelay: (e) => delays.push(e),
      },
    });
    const times: number[] = [];
    const { value } = await settle(() =>
      Promise.all([1, 2, 3, 4, 5].map(() => invent.GET('/orgs/{org_id}/assistants').then(() => times.push(Date.now())))),
    );
    expect(value).toHaveLength(5);
    expect(requests).toHaveLength(5);
    const t0 = times[0]!;
    expect(times.map((t) => t - t0)).toEqual([0, 0, 1000, 1000, 2000]);
    expect(delays).toEqual([1, 2, 3].map(() => ({ group: 'general', delayMs: 1000, operation: 'assistants.list', attempt: 1 })));
  });

  it('pauses the group on a 429 so queued calls wait for the Retry-After too', async () => {
    const { fetch } = scripted(json(429, {}, { 'retry-after': '3' }), json(200, []));
    const times: number[] = [];
    const timed = async (r: Request) => (times.push(Date.now()), fetch(r));
    const invent = createInvent({ apiKey: 'k', fetch: timed, rateLimit: { store: createMemoryStore({ now: () => Date.now() }) } });
    const first = invent.GET('/orgs/{org_id}/assistants');
    await vi.advanceTimersByTimeAsync(100);
    const second = invent.GET('/orgs/{org_id}/contacts');
    await vi.runAllTimersAsync();
    await Promise.all([first, second]);
    const t0 = times[0]!;
    expect(times.map((t) => t - t0).sort((a, b) => a - b)).toEqual([0, 3000, 3000]);
  });

  it('counts a slot from when the answer arrives, not from when its body has been read', async () => {
    const times: number[] = [];
    // The headers come at once; the body takes 500 ms to stream.
    const slowBody = async () => {
      times.push(Date.now());
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          setTimeout(() => {
            controller.enqueue(new TextEncoder().encode('[]'));
            controller.close();
          }, 500);
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const invent = createInvent({
      apiKey: 'k',
      fetch: slowBody,
      rateLimit: { store: createMemoryStore({ now: () => Date.now() }), groups: { general: { limit: 1, windowSeconds: 1 } } },
    });
    const { value } = await settle(() => Promise.all([invent.GET('/orgs/{org_id}/assistants'), invent.GET('/orgs/{org_id}/assistants')]));
    expect(value).toHaveLength(2);
    expect(times.map((t) => t - times[0]!)).toEqual([0, 1000]);
  });

  it('is off with rateLimit: false', async () => {
    const { fetch, requests } = scripted(json(200, []));
    const invent = createInvent({ apiKey: 'k', fetch, rateLimit: false });
    await Promise.all(Array.from({ length: 600 }, () => invent.GET('/orgs/{org_id}/assistants')));
    expect(requests).toHaveLength(600);
  });

  /** A client whose rate-limit window (1 call a minute) the first call has filled: the next calls wait. */
  async function clientWithFullWindow() {
    const { fetch, requests } = scripted(json(200, []));
    const invent = createInvent({
      apiKey: 'k',
      fetch,
      rateLimit: { store: createMemoryStore({ now: () => Date.now() }), groups: { general: { limit: 1, windowSeconds: 60 } } },
    });
    await invent.GET('/orgs/{org_id}/assistants');
    return { invent, requests };
  }

  it('aborts a call waiting for the limiter at once', async () => {
    const { invent, requests } = await clientWithFullWindow();
    const controller = new AbortController();
    const waiting = invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5);
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets many calls share one signal: one abort listener on it, and its abort ends every call', async () => {
    const { invent, requests } = await clientWithFullWindow();
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // The window is full: all 30 calls wait in the limiter's queue, following the same signal.
      const calls = Array.from({ length: 30 }, () =>
        invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }).catch((e: unknown) => e),
      );
      await vi.advanceTimersByTimeAsync(5);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      const outcomes = await Promise.all(calls);
      expect(outcomes.filter((o) => o instanceof AbortError)).toHaveLength(30);
      expect(requests).toHaveLength(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('request ids, logging and secrets', () => {
  it('never writes the API key in a log line or an error, at any level', async () => {
    const key = 'sk_live_very_secret_key_123';
    const lines: string[] = [];
    const logger = Object.fromEntries(
      ['debug', 'info', 'warn', 'error'].map((level) => [level, (...args: unknown[]) => lines.push(`${level} ${JSON.stringify(args)}`)]),
    ) as unknown as Console;
    const { fetch } = scripted(
      json(503, { message: `echo Bearer ${key}` }),
      netError('ECONNRESET'),
      json(401, { message: `bad key ${key}` }, { 'x-request-id': 'req_1' }),
      json(429, {}, { 'retry-after': '1' }),
      netError('ECONNREFUSED'),
      'hang',
    );
    const invent = createInvent({ apiKey: key, fetch, logger, logLevel: 'debug', timeout: 100, ...quiet });
    const errors: unknown[] = [];
    const calls: Array<() => Promise<unknown>> = [
      () => invent.GET('/orgs/{org_id}/assistants'),
      () => invent.POST('/orgs/{org_id}/assistants', { body: { name: 'x' } }),
      () => invent.GET('/orgs/{org_id}/assistants'),
    ];
    for (const call of calls) {
      const { error } = await settle(call);
      errors.push(error);
    }
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.startsWith('debug') && l.includes('/orgs/c/assistants'))).toBe(true);
    expect(lines.some((l) => l.startsWith('info') && l.includes('retrying assistants.list'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(key);
    expect(errors.map((e) => (e as Error).name)).toEqual(['AuthenticationError', 'TimeoutError', 'TimeoutError']);
    expect((errors[0] as Error).message).toBe('assistants.list failed with 401: bad key [redacted] (after 3 attempts)');
    for (const error of errors) {
      const { body: _body, ...fields } = error as { body?: unknown };
      const text = `${String(error)} ${(error as Error).stack} ${JSON.stringify(fields)} ${String((error as Error).cause)}`;
      expect(text).not.toContain(key);
    }
  });

  it('logs nothing without a logger, a level or INVENT_LOG', async () => {
    const spy = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { fetch } = scripted(json(503), json(200, []));
    await settle(() => createInvent({ apiKey: 'k', fetch, ...quiet }).GET('/orgs/{org_id}/assistants'));
    expect(spy).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    spy.mockRestore();
    info.mockRestore();
  });
});
