/**
 * Faults: the API key must never leak. A key that cannot be a header value is refused by createInvent
 * without being echoed; a key echoed back by a server or a proxy (in a body, a header, a Location, a
 * platform error) is scrubbed from every field of the error, its cause chain, JSON, inspect, stack and
 * log lines. Header values with CR/LF are refused as InventErrors before anything is sent.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInvent, InventConfigError, InventError, InventValidationError, type Logger } from '../../src/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

const KEY = 'sk_live_9QvTz7LmXw4Rk2Hp';
const LIST = 'GET /orgs/c/assistants';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Every way an error is printed, as one text. */
function printed(error: unknown): string {
  return [JSON.stringify(error), inspect(error, { depth: 10 }), String((error as Error).stack), String(error)].join('\n');
}

function recordingLogger() {
  const lines: string[] = [];
  const write = (message: string, ...rest: unknown[]) => lines.push(`${message} ${JSON.stringify(rest)} ${inspect(rest, { depth: 10 })}`);
  const logger: Logger = { debug: write, info: write, warn: write, error: write };
  return { logger, lines };
}

describe('an API key that cannot be sent', () => {
  const secretPart = 'Zq8SECRETw3';
  it.each([
    ['CR', `sk_${secretPart}\rtail`],
    ['LF', `sk_${secretPart}\ntail`],
    ['NUL', `sk_${secretPart}\0tail`],
    ['another control character', `sk_${secretPart}\u0007tail`],
    ['a trailing newline', `sk_${secretPart}tail\n`],
    ['leading whitespace', ` sk_${secretPart}tail`],
    ['non-ASCII', `sk_${secretPart}\u00e9tail`],
  ])('is refused by createInvent with an InventConfigError that does not echo it (%s)', (_, apiKey) => {
    let error: unknown;
    try {
      createInvent({ apiKey, baseUrl: server.url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InventConfigError);
    expect((error as Error).message).toMatch(/^apiKey /);
    expect((error as Error).cause).toBeUndefined();
    const text = printed(error);
    expect(text).not.toContain(secretPart);
    expect(text).not.toContain('tail');
  });
});

describe('a key echoed back', () => {
  it('is scrubbed from an API error: message, body, headers, JSON, inspect, stack and log lines', async () => {
    const { logger, lines } = recordingLogger();
    const invent = createInvent({ apiKey: KEY, baseUrl: server.url, logger, logLevel: 'debug', maxRetries: 0 });
    server.script(LIST, {
      status: 401,
      headers: { 'x-echo': `Bearer ${KEY}`, 'x-request-id': `req_${KEY}` },
      body: { message: `invalid key ${KEY}`, detail: { seen: [KEY, { again: `key=${KEY}` }] } },
    });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect(error).toBeInstanceOf(InventError);
    expect(error).toMatchObject({ status: 401, body: { message: 'invalid key [redacted]' } });
    expect((error as { headers: Headers }).headers.get('x-echo')).toBe('Bearer [redacted]');
    expect(printed(error)).not.toContain(KEY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('is scrubbed from a platform error in the cause chain', async () => {
    const invent = createInvent({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      fetch: async (request) => {
        throw new TypeError(`fetch failed for ${request.headers.get('authorization')}`, { cause: new Error(`inner ${KEY}`) });
      },
    });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect((error as Error).name).toBe('ConnectionError');
    expect(printed(error)).not.toContain(KEY);
    expect(printed((error as Error).cause)).not.toContain(KEY);
  });

  it('is scrubbed from a redirect Location and an unparsable body', async () => {
    const invent = createInvent({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    server.script(LIST, { status: 307, headers: { location: `http://127.0.0.1:1/steal?key=${KEY}` } });
    const redirect = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect((redirect as Error).name).toBe('RedirectError');
    expect(printed(redirect)).not.toContain(KEY);
    server.script(LIST, { status: 200, rawBody: `{"echo": "${KEY}", ` });
    const invalid = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect((invalid as Error).name).toBe('InvalidResponseError');
    expect(printed(invalid)).not.toContain(KEY);
  });
});

describe('CR/LF in the headers option', () => {
  it('is refused by createInvent as an InventConfigError naming the header, not its value', () => {
    const make = () => createInvent({ apiKey: 'k', baseUrl: server.url, headers: { 'x-tenant': 'acme\r\nX-Injected: 1' } });
    expect(make).toThrow(InventConfigError);
    expect(make).toThrow(
      'createInvent({ headers }): the value of header x-tenant has a control character (CR, LF or NUL), which HTTP does not allow',
    );
  });

  it('is refused per call as an InventValidationError before anything is sent', async () => {
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url });
    const viaHeaders = await failure(invent.GET('/orgs/{org_id}/assistants', { headers: { 'x-trace': 'a\nb' } }));
    expect(viaHeaders).toBeInstanceOf(InventValidationError);
    expect((viaHeaders as Error).message).toBe(
      'assistants.list { headers }: the value of header x-trace has a control character (CR, LF or NUL), which HTTP does not allow',
    );
    const viaParams = await failure(invent.GET('/orgs/{org_id}/assistants', { params: { header: { 'x-trace': 'a\rb' } } } as never));
    expect(viaParams).toBeInstanceOf(InventValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
