/** Scenarios: scripted answers in front of Prism (sequences, bursts, pages, refusals), from code and over HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError, scenarios, startInventMock, type InventMock, type Scenario } from '../../src/testing/index.js';
import { validateScenario } from '../../src/testing/scenarios.js';
import { InventError } from '../../src/index.js';
import { documentedAnswer } from '../support/spec.js';

let mock: InventMock;
const initial: Scenario = { name: 'initial', match: { method: 'GET', path: '/orgs/{org_id}/domains' }, steps: [{ status: 503 }] };
beforeAll(async () => {
  mock = await startInventMock({ scenarios: [initial] });
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

const auth = { Authorization: 'Bearer k' };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${mock.url}${path}`, {
    ...init,
    headers: { ...auth, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as object) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const send = (body: object) => call('/orgs/c/broadcasts/brd_1/send', { method: 'POST', body: JSON.stringify(body) });

describe('sequences', () => {
  it('429 then 200: the contract’s own 429 first, then calls fall through to Prism', async () => {
    mock.use(scenarios.rateLimited('contacts.list', { retryAfter: 2 }));
    const first = await call('/orgs/c/contacts');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body).toEqual({ ...(documentedAnswer('/orgs/{org_id}/contacts', 'get', '429').body as object), statusCode: 429 });
    expect(first.headers.get('x-invent-mock-scenario')).toBe('rate limited');
    const second = await call('/orgs/c/contacts');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-invent-mock-scenario')).toBeNull();
    expect(mock.requests.map((r) => [r.status, r.scenario])).toEqual([
      [429, 'rate limited'],
      [200, undefined],
    ]);
  });

  it('a burst of 5xx with a status Prism only knows as 5XX, then success', async () => {
    mock.use(scenarios.serverErrors('GET /orgs/{org_id}/assistants', { times: 3, status: 503 }));
    // The contract's 5XX body, its statusCode kept in step with the status.
    const documented = { ...(documentedAnswer('/orgs/{org_id}/assistants', 'get', '5XX').body as object), statusCode: 503 };
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const { status, body } = await call('/orgs/c/assistants');
      statuses.push(status);
      if (status === 503) expect(body).toEqual(documented);
    }
    expect(statuses).toEqual([503, 503, 503, 200]);
  });

  it('the SDK client retries through a scripted 429 and succeeds', async () => {
    mock.use(scenarios.rateLimited('contacts.list', { retryAfter: 0 }));
    const { data } = await mock.client.GET('/orgs/{org_id}/contacts');
    expect(data.length).toBeGreaterThan(0);
    expect(mock.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('plays steps in order, each `times` times, and "always" forever', async () => {
    mock.use({
      name: 'flaky then fixed',
      match: { operation: 'GET /orgs/{org_id}/assistants/{assistant_id}' },
      steps: [{ status: 500, times: 2 }, {}, { status: 200, body: { id: 'ast_x', name: 'Scripted' }, times: 'always' }],
    });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await call('/orgs/c/assistants/ast_1'));
    expect(results.map((r) => r.status)).toEqual([500, 500, 200, 200, 200]);
    // The pass-through step: Prism's documented answer.
    expect(results[2]!.body).toEqual(documentedAnswer('/orgs/{org_id}/assistants/{assistant_id}', 'get', '200').body);
    expect(results[4]!.body).toEqual({ id: 'ast_x', name: 'Scripted' });
  });

  it('pages of a list: items sliced by page and take, with consistent pagination headers', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `cnt_${i + 1}`, status: 'SUBSCRIBED' }));
    mock.use(scenarios.pages('contacts.list', items, { take: 2 }));
    const pages = [
      await call('/orgs/c/contacts'),
      await call('/orgs/c/contacts?page=2'),
      await call('/orgs/c/contacts?page=3'),
      await call('/orgs/c/contacts?page=4'),
      await call('/orgs/c/contacts?page=1&take=4'),
      await call('/orgs/c/contacts?page=2&take=1'),
    ];
    expect(pages.map((p) => p.body.map((c: { id: string }) => c.id))).toEqual([
      ['cnt_1', 'cnt_2'],
      ['cnt_3', 'cnt_4'],
      ['cnt_5'],
      [],
      ['cnt_1', 'cnt_2'],
      ['cnt_2'],
    ]);
    expect(
      pages.map((p) => [p.headers.get('pagination-count'), p.headers.get('pagination-page'), p.headers.get('pagination-take')]),
    ).toEqual([
      ['5', '1', '2'],
      ['5', '2', '2'],
      ['5', '3', '2'],
      ['5', '4', '2'],
      ['5', '1', '2'],
      ['5', '2', '1'],
    ]);
  });

  it('pages(op, items, { take }) is honoured by the SDK paginator, which asks for 100 a page and follows pagination-take', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `cnt_${i + 1}`, status: 'SUBSCRIBED' }));
    mock.use(scenarios.pages('contacts.list', items, { take: 2 }));
    const invent = mock.createClient();
    const first = await invent.contacts.list();
    expect(first.items).toHaveLength(2);
    expect(first).toMatchObject({ take: 2, total: 5 });
    const ids: string[] = [];
    for await (const contact of invent.contacts.list()) ids.push((contact as { id: string }).id);
    expect(ids).toEqual(['cnt_1', 'cnt_2', 'cnt_3', 'cnt_4', 'cnt_5']);
  });

  it('a transactional send refused for one recipient with the contract’s error shape; others are sent', async () => {
    mock.use(scenarios.rejectRecipient({ email: 'gone@example.com' }));
    const refused = await send({ email: 'gone@example.com', variables: { otp: '1' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ statusCode: 400, message: 'Contact is unsubscribed' });
    expect((await send({ email: 'ana@example.com' })).status).toBe(200);
    expect((await send({ email: 'gone@example.com' })).status).toBe(400);
  });

  it('names an operation by METHOD and path template (any parameter names) or by its resource method', async () => {
    mock.use({ name: 'by route', match: { operation: 'GET /orgs/{orgId}/contacts/{id}' }, steps: [{ status: 503 }] });
    mock.use({ name: 'by method', match: { operation: 'contacts.list' }, steps: [{ status: 502 }] });
    expect((await call('/orgs/c/contacts/cnt_1')).status).toBe(503);
    expect((await call('/orgs/c/contacts/stats')).status).not.toBe(503);
    expect((await call('/orgs/c/contacts')).status).toBe(502);
    expect(mock.requests.map((r) => [r.operation, r.scenario])).toEqual([
      ['GET /orgs/{org_id}/contacts/{contact_id}', 'by route'],
      ['GET /orgs/{org_id}/contacts/stats', undefined],
      ['GET /orgs/{org_id}/contacts', 'by method'],
    ]);
  });

  it('never spends a step on a request that breaks the contract: Prism’s refusal comes first', async () => {
    mock.use({ match: { operation: 'GET /orgs/{org_id}/contacts' }, steps: [{ status: 503 }] });
    const bad = await call('/orgs/c/contacts?take=101');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CONTRACT_VIOLATION');
    expect((await call('/orgs/c/contacts')).status).toBe(503);
    expect(mock.requests.map((r) => r.scenario)).toEqual([undefined, '(unnamed)']);
  });

  it('scripted status, headers and JSON or text bodies; an empty 204', async () => {
    mock.use(
      {
        match: { method: 'GET', path: '/orgs/c/assistants/ast_text' },
        steps: [{ status: 418, headers: { 'X-Custom': 'yes' }, body: 'short and stout' }],
      },
      { match: { method: 'DELETE', path: '/orgs/{org_id}/assistants/{assistant_id}' }, steps: [{ status: 204 }] },
    );
    const text = await fetch(`${mock.url}/orgs/c/assistants/ast_text`, { headers: auth });
    expect([text.status, text.headers.get('x-custom'), text.headers.get('content-type'), await text.text()]).toEqual([
      418,
      'yes',
      'text/plain; charset=utf-8',
      'short and stout',
    ]);
    const deleted = await fetch(`${mock.url}/orgs/c/assistants/ast_1`, { method: 'DELETE', headers: auth });
    expect([deleted.status, await deleted.text()]).toEqual([204, '']);
  });

  it('delays an answer, or drops the connection', async () => {
    mock.use({ match: { operation: 'GET /orgs/{org_id}/assistants' }, steps: [{ delayMs: 150 }, { drop: true }] });
    const started = performance.now();
    expect((await call('/orgs/c/assistants')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await expect(fetch(`${mock.url}/orgs/c/assistants`, { headers: auth })).rejects.toThrow(TypeError);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 0]);
  });
});

describe('matching', () => {
  it('a contract path template names one operation; other paths match segment by segment', async () => {
    mock.use(
      { name: 'one contact', match: { path: '/orgs/c/contacts/cnt_1' }, steps: [{ body: { id: 'cnt_1' }, times: 'always' }] },
      {
        name: 'by template',
        match: { method: 'GET', path: '/orgs/{org_id}/contacts/{contact_id}' },
        steps: [{ status: 404, times: 'always' }],
      },
    );
    expect((await call('/orgs/c/contacts/cnt_1')).body).toEqual({ id: 'cnt_1' });
    expect((await call('/orgs/c/contacts/cnt_2')).status).toBe(404);
    expect((await call('/orgs/c/contacts/stats')).status).toBe(200); // another operation
  });

  it('by query values and by a partial JSON body', async () => {
    mock.use(
      { match: { operation: 'GET /orgs/{org_id}/contacts', query: { status: 'BLOCKED' } }, steps: [{ body: [], times: 'always' }] },
      {
        match: { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send', body: { variables: { otp: '000000' } } },
        steps: [{ status: 429, times: 'always' }],
      },
    );
    expect((await call('/orgs/c/contacts?status=BLOCKED')).body).toEqual([]);
    expect((await call('/orgs/c/contacts?status=SUBSCRIBED')).body.length).toBeGreaterThan(0);
    expect((await send({ email: 'a@example.com', variables: { otp: '000000', extra: 1 } })).status).toBe(429);
    expect((await send({ email: 'a@example.com', variables: { otp: '111111' } })).status).toBe(200);
  });

  it('the last scenario added wins; reset() drops added ones and rewinds the initial ones', async () => {
    expect((await call('/orgs/c/domains')).status).toBe(503); // the initial scenario
    expect((await call('/orgs/c/domains')).status).toBe(200); // used up
    mock.use({ match: { operation: 'GET /orgs/{org_id}/contacts' }, steps: [{ status: 500, times: 'always' }] });
    mock.use({ match: { operation: 'GET /orgs/{org_id}/contacts' }, steps: [{ status: 502 }] });
    expect([(await call('/orgs/c/contacts')).status, (await call('/orgs/c/contacts')).status]).toEqual([502, 500]);
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect((await call('/orgs/c/contacts')).status).toBe(200);
    expect((await call('/orgs/c/domains')).status).toBe(503);
  });
});

describe('the scenario format', () => {
  it('is checked, with the offending field named', () => {
    const bad = (s: unknown) => () => validateScenario(s);
    expect(bad({ match: {}, steps: [] })).toThrow(/"steps" must be a non-empty array/);
    expect(bad({ match: { operationID: 'x' }, steps: [{}] })).toThrow(/unknown match field "operationID"/);
    expect(bad({ match: {}, steps: [{ status: 99 }] })).toThrow(/steps\[0\]\.status must be an HTTP status from 200 to 599/);
    expect(bad({ match: {}, steps: [{ times: 0 }] })).toThrow(/times must be a whole number >= 1 or "always"/);
    expect(bad({ match: {}, steps: [{ times: 'always' }, {}] })).toThrow(/would never run/);
    expect(bad({ match: {}, steps: [{ body: [], paginate: { items: [] } }] })).toThrow(/not both/);
    expect(bad({ name: 'n', match: { method: 'FETCH' }, steps: [{}] })).toThrow(/scenario "n": match.method/);
    expect(() => mock.use({ match: { operation: 'nope' }, steps: [{}] })).toThrow(ScenarioError);
    // Every error the SDK throws is an InventError, the testing entry point's included.
    expect(() => mock.use({ match: { operation: 'nope' }, steps: [{}] })).toThrow(InventError);
    expect(() => mock.use({ match: { operation: 'GET /orgs/{org_id}/nothing-here' }, steps: [{}] })).toThrow(
      /not an operation of the contract/,
    );
    expect(bad({ match: { operationId: 'getContacts' }, steps: [{}] })).toThrow(/match.operationId is not supported/);
  });

  it('is plain JSON: the builders’ output survives a round trip', () => {
    const built = [
      scenarios.rateLimited('contacts.list'),
      scenarios.serverErrors('GET /orgs/{org_id}/assistants'),
      scenarios.pages('contacts.list', [{ id: 'a' }]),
      scenarios.rejectRecipient({ phone: '+1555' }),
    ];
    for (const s of built) expect(validateScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('can be added, and the record read, over HTTP (for services in other languages)', async () => {
    const added = await fetch(`${mock.url}/__invent/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ scenarios: [scenarios.serverErrors('contacts.list', { times: 1, status: 500 })] }),
    });
    expect([added.status, await added.json()]).toEqual([201, { added: 1 }]);
    expect((await call('/orgs/c/contacts')).status).toBe(500);
    const recorded = await (await fetch(`${mock.url}/__invent/requests`)).json();
    expect(recorded).toMatchObject([{ method: 'GET', operation: 'GET /orgs/{org_id}/contacts', status: 500, scenario: '500 burst' }]);
    const invalid = await fetch(`${mock.url}/__invent/scenarios`, { method: 'POST', body: JSON.stringify({ match: {}, steps: 'no' }) });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).message).toMatch(/"steps" must be a non-empty array/);
    expect((await fetch(`${mock.url}/__invent/reset`, { method: 'POST' })).status).toBe(204);
    expect(mock.requests).toEqual([]);
  });
});
