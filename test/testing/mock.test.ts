/** startInventMock: the client, the record of calls, loud contract violations, Prefer, and a clean close. */
import { upgradeStatus } from '../support/upgrade.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InventApiError, InventConfigError, InventError } from '../../src/index.js';
import { ContractViolationError, prefer, startInventMock, VIOLATIONS_HEADER, type InventMock } from '../../src/testing/index.js';
import { documentedAnswer } from '../support/spec.js';

let mock: InventMock;
beforeAll(async () => {
  mock = await startInventMock();
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

const auth = { Authorization: 'Bearer secret-key-123' };

describe('unknown options', () => {
  it('refuses a misspelt mock or mock-client option with an InventConfigError naming the nearest known one', async () => {
    // @ts-expect-error a misspelt mock option
    const error = await startInventMock({ prot: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventConfigError);
    expect((error as Error).message).toMatch(/^startInventMock\(\): unknown option `prot` \(did you mean `port`\? known: spec, port, /);
    // @ts-expect-error a misspelt option of the mock's client
    expect(() => mock.createClient({ prefr: { code: 429 } })).toThrow(/unknown option `prefr` \(did you mean `prefer`\?/);
    // @ts-expect-error the mock's client has the mock's base URL
    expect(() => mock.createClient({ baseUrl: 'http://localhost:1' })).toThrow(InventConfigError);
  });
});

describe('the client', () => {
  it('is pointed at the mock and answers as the contract documents (its example, else a value from the schema)', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { data, response } = await mock.client.GET('/orgs/{org_id}/contacts');
    const documented = documentedAnswer('/orgs/{org_id}/contacts', 'get', '200');
    expect(response.status).toBe(200);
    expect(data).toEqual(documented.body);
    expect(response.headers.get('pagination-count')).toBe(documented.headers['pagination-count']);
  });

  it('throws a ContractViolationError listing the violations when a request breaks the contract', async () => {
    const error = await mock.client.POST('/orgs/{org_id}/assistants', { body: { name: 'x'.repeat(1025) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toBeInstanceOf(InventError);
    const violation = error as ContractViolationError;
    expect(violation.status).toBe(400);
    expect(violation.request).toBe('POST /orgs/c/assistants');
    expect(violation.violations).toEqual([expect.objectContaining({ location: ['request', 'body', 'name'], code: 'maxLength' })]);
    expect(violation.message).toContain('request.body.name: Request body property name must NOT have more than 1024 characters');
  });

  it('accepts what the docs allow and the contract does not rule out: extra send fields, any spelling of an undocumented enum', async () => {
    const send = await mock.client.raw.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
      params: { path: { broadcast_id: 'brd_1' } },
      body: { email: 'ana@example.com', locale: 'pt-BR' } as never,
    });
    expect(send.response.status).toBe(200);
    const created = await mock.client.raw.POST('/orgs/{org_id}/broadcasts', { body: { name: 'Welcome', type: 'Transactional' } as never });
    expect(created.response.status).toBe(200);
    expect(mock.requests.map((r) => r.violations)).toEqual([[], []]);
  });

  it('throws for raw calls too, and names every violation', async () => {
    const error = await mock.client.raw
      // @ts-expect-error the contract requires an identifier: this is the mistake under test
      .POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', { params: { path: { broadcast_id: 'brd_1' } }, body: { name: 'Ana' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as Error).message).toMatch(/required property 'email'/);
  });

  it('can be told not to throw: the refusal is then an ordinary 400 whose message lists the violations', async () => {
    const lenient = mock.createClient({ throwOnViolation: false });
    const error = await lenient.GET('/orgs/{org_id}/contacts', { params: { query: { take: 101 } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventApiError);
    expect((error as InventApiError).status).toBe(400);
    expect((error as InventApiError).code).toBe('CONTRACT_VIOLATION');
    expect((error as Error).message).toContain('request.query.take: Request query parameter take must be <= 100');
  });

  it('asks for a documented status or example per call or per client (Prefer)', async () => {
    const once = mock.createClient({ maxRetries: 0 });
    const { response } = await once.raw.GET('/orgs/{org_id}/contacts', { headers: mock.prefer({ code: 429 }) });
    expect(response.status).toBe(429);
    // The contract's documented Retry-After, passed on as is.
    expect(response.headers.get('retry-after')).toBe(documentedAnswer('/orgs/{org_id}/contacts', 'get', '429').headers['retry-after']);
    expect(mock.requests).toHaveLength(1);
    const failing = mock.createClient({ prefer: { code: 500 }, maxRetries: 0 });
    const error = await failing.GET('/orgs/{org_id}/assistants').catch((e: unknown) => e);
    expect((error as InventApiError).status).toBe(500);
    expect((error as InventApiError).body).toEqual(documentedAnswer('/orgs/{org_id}/assistants', 'get', '5XX').body);
    expect(prefer({ code: 404, example: 'gone', dynamic: true })).toEqual({ Prefer: 'code=404, example=gone, dynamic=true' });
    expect(() => prefer({ code: 42 })).toThrow(RangeError);
  });
});

describe('the record of calls', () => {
  it('keeps method, path, operation, query, redacted headers, parsed body and status', async () => {
    await mock.client.GET('/orgs/{org_id}/contacts', { params: { query: { status: 'SUBSCRIBED', take: 20 } } });
    await mock.client.POST('/orgs/{org_id}/assistants', { body: { name: 'Support', enabled: true } });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]).toMatchObject({
      method: 'GET',
      path: '/orgs/c/contacts',
      route: '/orgs/{org_id}/contacts',
      operation: 'GET /orgs/{org_id}/contacts',
      query: { status: 'SUBSCRIBED', take: '20' },
      body: undefined,
      status: 200,
      violations: [],
    });
    expect(mock.requests[0]!.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(mock.requests)).not.toContain('mock-api-key');
    expect(mock.requests[1]).toMatchObject({
      method: 'POST',
      operation: 'POST /orgs/{org_id}/assistants',
      body: { name: 'Support', enabled: true },
    });
  });

  it('records refused calls with their violations, and expectNoViolations() reports them', async () => {
    mock.expectNoViolations();
    const response = await fetch(`${mock.url}/orgs/c/contacts?take=0`, { headers: auth });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.headers.get(VIOLATIONS_HEADER)!)[0]).toMatchObject({ location: ['request', 'query', 'take'] });
    const body = await response.json();
    expect(body).toMatchObject({ statusCode: 400, code: 'CONTRACT_VIOLATION', message: [expect.stringContaining('take must be >= 1')] });
    expect(mock.requests[0]!.violations[0]).toMatchObject({ severity: 'Error', location: ['request', 'query', 'take'] });
    expect(() => mock.expectNoViolations()).toThrow(
      '1 of 1 calls to the mock broke the Invent contract:\n  - GET /orgs/c/contacts: request.query.take: Request query parameter take must be >= 1',
    );
  });

  it('treats a path or method the contract does not have as a violation', async () => {
    const unknown = await fetch(`${mock.url}/orgs/c/nothing-here`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message[0]).toMatch(/no operation at \/orgs\/c\/nothing-here/);
    const wrongMethod = await fetch(`${mock.url}/orgs/c/contacts`, { method: 'PATCH', headers: auth });
    expect(wrongMethod.status).toBeGreaterThanOrEqual(400);
    await wrongMethod.body?.cancel();
    expect(mock.requests.map((r) => r.violations[0]?.code)).toEqual(['NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR']);
  });

  it('refuses a call without a bearer token, saying what to send', async () => {
    const response = await fetch(`${mock.url}/orgs/c/assistants`);
    expect(response.status).toBe(401);
    expect((await response.json()).message[0]).toMatch(/Authorization: Bearer/);
    expect(mock.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('records form bodies as fields and files as their name, type and size', async () => {
    const form = new FormData();
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    const response = await fetch(`${mock.url}/orgs/c/files`, { method: 'POST', headers: auth, body: form });
    await response.body?.cancel();
    expect(mock.requests[0]!.body).toEqual({ file: { name: 'hello.txt', type: 'text/plain', size: 5 } });
  });

  it('answers and records the inbox WebSocket handshake (checked by Prism), then closes the connection', async () => {
    const handshake = (headers: Record<string, string>) => upgradeStatus(`${mock.url}/orgs/c/inbox/ws`, headers);
    expect(await handshake(auth)).toBe(101);
    expect(await handshake({})).toBe(401);
    expect(mock.requests.map((r) => [r.operation, r.status, r.violations.length])).toEqual([
      ['GET /orgs/{org_id}/inbox/ws', 101, 0],
      ['GET /orgs/{org_id}/inbox/ws', 401, 1],
    ]);
  });
});
