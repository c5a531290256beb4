/**
 * Faults: the SDK against a local server that misbehaves on purpose (test/support/fault-server.ts).
 * Every case must end in the right typed error or the right result, promptly, with no unhandled
 * rejection and no hang.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  createInvent,
  InvalidResponseError,
  type InventOptions,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { closedPort, type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

const LIST = 'GET /orgs/c/assistants';
const CREATE = 'POST /orgs/c/assistants';
const SEND = 'POST /orgs/c/broadcasts/brd_1/send';
const fast: InventOptions = { retry: { baseDelayMs: 20, minDelayMs: 5 } };

let server: FaultServer;
let invent: ReturnType<typeof createInvent>;
beforeAll(async () => {
  server = await startFaultServer();
  invent = createInvent({ apiKey: 'sk_fault_key', baseUrl: server.url, ...fast });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const create = (client = invent, init: Record<string, unknown> = {}) =>
  client.POST('/orgs/{org_id}/assistants', { body: { name: 'Support' }, ...init });
const send = (client = invent) =>
  client.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
    params: { path: { broadcast_id: 'brd_1' } },
    body: { email: 'ana@example.com' },
  } as never);
describe('server errors', () => {
  it('retries a 5xx on a read, then returns the result', async () => {
    server.script(LIST, { status: 500 }, { status: 503 }, { status: 200, body: [{ id: 'ast_1' }], headers: { 'x-request-id': 'req_f1' } });
    const { data, requestId } = await invent.GET('/orgs/{org_id}/assistants');
    expect(data).toEqual([{ id: 'ast_1' }]);
    expect(requestId).toBe('req_f1');
    expect(server.requestsTo(LIST)).toHaveLength(3);
  });

  it('sends a POST that got a 5xx exactly once, and says the outcome is unknown', async () => {
    server.script(CREATE, { status: 502, body: { message: 'bad gateway' }, headers: { 'x-request-id': 'req_f2' } });
    const error = await failure(create());
    expect(server.requestsTo(CREATE)).toHaveLength(1);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, outcomeUnknown: true, requestId: 'req_f2', attempts: 1 });
    expect((error as Error).message).toBe(
      'assistants.create failed with 502: bad gateway; the request may have been applied; it was not retried because assistants.create is not idempotent',
    );
  });

  it('sends a transactional broadcast that got a 5xx exactly once', async () => {
    server.script(SEND, { status: 503 });
    const error = await failure(send());
    expect(server.requestsTo(SEND)).toHaveLength(1);
    expect(error).toMatchObject({ outcomeUnknown: true, operation: 'broadcasts.send' });
    expect((error as Error).message).toMatch(/it was not retried because broadcasts.send is not idempotent$/);
  });
});

describe('429', () => {
  it('waits the Retry-After, then sends a POST again', async () => {
    server.script(CREATE, { status: 429, headers: { 'retry-after-ms': '150' } }, { status: 201, body: { id: 'ast_2' } });
    const { data } = await create();
    expect(data).toEqual({ id: 'ast_2' });
    const [first, second] = server.requestsTo(CREATE);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(145);
    expect(second!.body).toBe('{"name":"Support"}');
  });

  it('clamps a huge Retry-After: fails at once with RateLimitError, and pauses the group one window at most', async () => {
    const own = await startFaultServer();
    try {
      const client = createInvent({ apiKey: 'k', baseUrl: own.url, ...fast, rateLimit: { groups: { general: { windowSeconds: 0.3 } } } });
      own.script(LIST, { status: 429, headers: { 'retry-after': '99999999' }, body: { message: 'Too Many Requests' } });
      const started = performance.now();
      const error = await failure(client.GET('/orgs/{org_id}/assistants'));
      expect(performance.now() - started).toBeLessThan(500);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(99_999_999_000);
      expect(own.requests).toHaveLength(1);
      // The group waits out the pause, clamped to its window (0.3 s here), not 3 years.
      const next = performance.now();
      await client.GET('/orgs/{org_id}/assistants');
      expect(performance.now() - next).toBeLessThan(1000);
    } finally {
      await own.close();
    }
  });
});

describe('timeouts', () => {
  it('times out a hanging read, retries it, and fails with TimeoutError', async () => {
    server.script(LIST, { kind: 'hang' }, { kind: 'hang' });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants', { timeout: 100, maxRetries: 1 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, outcomeUnknown: false, attempts: 2 });
    expect(server.requestsTo(LIST)).toHaveLength(2);
  });

  it('times out a slow POST once, saying it may have been applied', async () => {
    server.script(CREATE, { status: 201, body: {}, delayMs: 1000 });
    const error = await failure(create(invent, { timeout: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(server.requestsTo(CREATE)).toHaveLength(1);
  });

  it('counts reading the body in the timeout', async () => {
    server.script(LIST, { kind: 'stall-body', rawBody: '[{"id":"ast_1"}]', sendBytes: 4 }, { status: 200, body: [] });
    const { data } = await invent.GET('/orgs/{org_id}/assistants', { timeout: 150 });
    expect(data).toEqual([]);
    expect(server.requestsTo(LIST)).toHaveLength(2);
  });

  it('takes a client-wide timeout', async () => {
    const client = createInvent({ apiKey: 'k', baseUrl: server.url, timeout: 80, maxRetries: 0 });
    server.script(LIST, { kind: 'hang' });
    expect(await failure(client.GET('/orgs/{org_id}/assistants'))).toBeInstanceOf(TimeoutError);
  });
});

describe('connections', () => {
  it('retries a read whose connection was reset, before or after the body', async () => {
    server.script(LIST, { kind: 'destroy-before-body' }, { kind: 'destroy-after-body' }, { status: 200, body: [] });
    const { data } = await invent.GET('/orgs/{org_id}/assistants');
    expect(data).toEqual([]);
    expect(server.requestsTo(LIST)).toHaveLength(3);
  });

  it('does not repeat a POST whose connection was reset after sending', async () => {
    server.script(CREATE, { kind: 'destroy-after-body' });
    const error = await failure(create());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect((error as Error).message).toMatch(
      /^assistants.create failed: .*; the request may have been applied; it was not retried because assistants.create is not idempotent$/,
    );
    expect(server.requestsTo(CREATE)).toHaveLength(1);
    expect(server.requestsTo(CREATE)[0]!.body).toBe('{"name":"Support"}');
  });

  it('retries a POST whose connection was refused, and succeeds once the server is up', async () => {
    const port = await closedPort();
    let attempts = 0;
    let late: FaultServer | undefined;
    const client = createInvent({
      apiKey: 'k',
      baseUrl: `http://127.0.0.1:${port}`,
      ...fast,
      fetch: async (request) => {
        attempts++;
        try {
          return await fetch(request);
        } finally {
          late ??= await startFaultServer({ port, fallback: { status: 201, body: { id: 'ast_3' } } });
        }
      },
    });
    try {
      const { data } = await create(client);
      expect(data).toEqual({ id: 'ast_3' });
      expect(attempts).toBe(2);
      expect(late!.requests).toHaveLength(1);
    } finally {
      await late?.close();
    }
  });

  it('fails with ConnectionError after the retries when nothing listens', async () => {
    const client = createInvent({ apiKey: 'k', baseUrl: `http://127.0.0.1:${await closedPort()}`, ...fast });
    const error = await failure(create(client));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcomeUnknown: false, attempts: 3 });
    expect((error as Error).message).toBe('assistants.create failed: connection refused (ECONNREFUSED) (after 3 attempts)');
  });
});

describe('bodies', () => {
  it('reports malformed JSON in a success as InvalidResponseError, without repeating a POST', async () => {
    server.script(CREATE, { status: 201, rawBody: '{"id": "ast_1", ' });
    const error = await failure(create());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 201 });
    expect(server.requestsTo(CREATE)).toHaveLength(1);
  });

  it('keeps a malformed error body as text', async () => {
    server.script(LIST, { status: 404, rawBody: '<html>not here</html>', headers: { 'content-type': 'text/html' } });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect(error).toMatchObject({ status: 404, body: '<html>not here</html>' });
  });

  it('retries a read whose body was cut off, and does not repeat a POST', async () => {
    server.script(LIST, { kind: 'truncate', rawBody: '[{"id":"ast_1"}]', sendBytes: 6 }, { status: 200, body: [{ id: 'ast_1' }] });
    expect((await invent.GET('/orgs/{org_id}/assistants')).data).toEqual([{ id: 'ast_1' }]);
    server.script(CREATE, { kind: 'truncate', status: 201, rawBody: '{"id":"ast_1"}', sendBytes: 3 });
    const error = await failure(create());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect((error as Error).message).toMatch(/while reading the 201 response/);
    expect(server.requestsTo(CREATE)).toHaveLength(1);
  });

  it('gives raw calls the openapi-fetch shape for error statuses', async () => {
    server.script(CREATE, { status: 503, body: { message: 'down' } });
    const { data, error, response } = await invent.raw.POST('/orgs/{org_id}/assistants', { body: { name: 'x' } });
    expect(data).toBeUndefined();
    expect(error).toEqual({ message: 'down' });
    expect(response.status).toBe(503);
    expect(server.requestsTo(CREATE)).toHaveLength(1);
  });
});

describe('abort', () => {
  it('rejects promptly when aborted during a backoff sleep', async () => {
    server.script(LIST, { status: 503, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    const call = failure(invent.GET('/orgs/{org_id}/assistants', { signal: controller.signal }));
    while (server.requestsTo(LIST).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort();
    const error = await call;
    const latency = performance.now() - abortedAt;
    expect(error).toBeInstanceOf(AbortError);
    expect(latency).toBeLessThan(50);
    expect(server.requestsTo(LIST)).toHaveLength(1);
  });

  it('aborts an attempt in flight, saying a POST may have been applied', async () => {
    server.script(CREATE, { kind: 'hang' });
    const controller = new AbortController();
    const call = failure(create(invent, { signal: controller.signal }));
    while (server.requestsTo(CREATE).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });
});
