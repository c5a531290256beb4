/**
 * Faults: response bodies too big to hold. The cap (`maxResponseBytes`) is counted on the decoded bytes
 * as they stream, so a huge body, an endless one, or a small gzip body that inflates to hundreds of MiB
 * ends at the cap with a ResponseTooLargeError, and memory never grows past it. Any other failure
 * while reading a body is an InventError too.
 */
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createInvent, InventError, ResponseTooLargeError } from '../../src/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

const LIST = 'GET /orgs/c/assistants';
const CREATE = 'POST /orgs/c/assistants';
const MiB = 1024 * 1024;

let server: FaultServer;
let invent: ReturnType<typeof createInvent>;
beforeAll(async () => {
  server = await startFaultServer();
  invent = createInvent({ apiKey: 'sk_size_key', baseUrl: server.url, retry: { baseDelayMs: 20, minDelayMs: 5 } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** `decodedBytes` of zeros, gzipped (about 1 kB per MiB). */
async function gzipOfZeros(decodedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < decodedBytes; written += MiB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

describe('maxResponseBytes', () => {
  it('fails a body over the per-call cap with ResponseTooLargeError, naming the call, the size and the limit', async () => {
    // Chunked (no Content-Length), so the cap is found by counting.
    server.script(LIST, {
      kind: 'bytes',
      chunked: true,
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(3 * MiB, 0x20),
    });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants', { maxResponseBytes: MiB }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(InventError);
    expect(error).toMatchObject({ operation: 'assistants.list', status: 200, limitBytes: MiB, attempts: 1 });
    expect((error as ResponseTooLargeError).receivedBytes).toBeGreaterThan(MiB);
    expect((error as ResponseTooLargeError).receivedBytes).toBeLessThan(2 * MiB);
    expect((error as Error).message).toMatch(
      /^assistants\.list answered 200 with a body larger than maxResponseBytes \(1048576 bytes\): stopped after \d+ bytes; the request was applied$/,
    );
    expect(server.requestsTo(LIST)).toHaveLength(1); // the same answer would come again: not retried
  });

  it('refuses a declared Content-Length over the cap before reading, and takes a client-wide cap', async () => {
    const client = createInvent({ apiKey: 'k', baseUrl: server.url, maxResponseBytes: 1000 });
    server.script(CREATE, { status: 201, body: { name: 'x'.repeat(2000) } });
    const error = await failure(client.POST('/orgs/{org_id}/assistants', { body: { name: 'Support' } }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 201, limitBytes: 1000 });
    expect((error as Error).message).toMatch(/Content-Length 20\d\d; the request was applied$/);
    expect(server.requestsTo(CREATE)).toHaveLength(1);
    // Under the cap, the same client reads as usual.
    server.script(LIST, { status: 200, body: [{ id: 'ast_1' }] });
    expect((await client.GET('/orgs/{org_id}/assistants')).data).toEqual([{ id: 'ast_1' }]);
  });

  it('cuts a gzip bomb at the cap: a 256 KiB body that inflates to 256 MiB costs no more memory than the cap', async () => {
    const bomb = await gzipOfZeros(256 * MiB);
    expect(bomb.byteLength).toBeLessThan(512 * 1024);
    server.script(LIST, { kind: 'bytes', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      const error = await failure(invent.GET('/orgs/{org_id}/assistants', { maxResponseBytes: 4 * MiB }));
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ limitBytes: 4 * MiB });
      expect((error as ResponseTooLargeError).receivedBytes).toBeLessThan(8 * MiB);
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(100 * MiB);
  });

  it('ends an endless body at the cap, long before the timeout', async () => {
    server.script(LIST, { kind: 'endless', chunk: `${'x'.repeat(16 * 1024)}` });
    const started = performance.now();
    const error = await failure(invent.GET('/orgs/{org_id}/assistants', { maxResponseBytes: 2 * MiB, timeout: 60_000 }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('caps a streamed body (parseAs: stream) too', async () => {
    server.script(LIST, { kind: 'endless', chunk: 'y'.repeat(16 * 1024) });
    const { data } = await invent.GET('/orgs/{org_id}/assistants', { parseAs: 'stream', maxResponseBytes: MiB } as never);
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    let read = 0;
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        read += value.byteLength;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(read).toBeLessThanOrEqual(MiB);
  });

  it('refuses a cap that is not a non-negative integer', async () => {
    expect(() => createInvent({ apiKey: 'k', baseUrl: server.url, maxResponseBytes: -1 })).toThrow(
      /maxResponseBytes must be a non-negative integer/,
    );
    const error = await failure(invent.GET('/orgs/{org_id}/assistants', { maxResponseBytes: 1.5 }));
    expect((error as Error).name).toBe('InventValidationError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('failures while reading a body are InventErrors', () => {
  it('a connection reset mid-body', async () => {
    server.script(CREATE, {
      kind: 'truncate',
      status: 201,
      rawBody: JSON.stringify({ id: 'ast_1', name: 'x'.repeat(5000) }),
      sendBytes: 100,
    });
    const error = await failure(invent.POST('/orgs/{org_id}/assistants', { body: { name: 'Support' } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(server.requestsTo(CREATE)).toHaveLength(1);
  });

  it('a body that claims gzip but is not', async () => {
    server.script(LIST, {
      kind: 'bytes',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.from('this is not gzip at all'),
    });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants', { maxRetries: 0 }));
    expect(error).toBeInstanceOf(InventError);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it('invalid JSON in a success and in an error', async () => {
    server.script(LIST, { status: 200, rawBody: '[{"id":' });
    expect(await failure(invent.GET('/orgs/{org_id}/assistants'))).toBeInstanceOf(InventError);
    server.script(LIST, { status: 400, rawBody: '{"message":' });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect(error).toBeInstanceOf(InventError);
    expect(error).toMatchObject({ status: 400, body: '{"message":' });
  });
});
