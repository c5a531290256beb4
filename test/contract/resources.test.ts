/**
 * Resource methods against Prism serving openapi.json (request validation and the bearer check on):
 * a sample of methods read as a user would, then every generated method called once with the
 * contract's examples, checking it reaches its own operation and is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationKey } from '../../generated/operations.js';
import { rulesById } from '../support/rules-by-id.js';
import { createInvent, InventValidationError, Page, type Invent } from '../../src/index.js';
import { startPrismServer, type PrismServer } from '../../src/testing/prism-server.js';
import { exampleRequest } from '../support/spec.js';

let mock: PrismServer;
let invent: Invent;
const sent: Array<{ method: string; path: string }> = [];

beforeAll(async () => {
  mock = await startPrismServer({ validateRequest: true, checkSecurity: true });
  const fetch = (request: Request) => {
    sent.push({ method: request.method, path: new URL(request.url).pathname });
    return globalThis.fetch(request);
  };
  invent = createInvent({ apiKey: 'test-key', baseUrl: mock.url, fetch, rateLimit: false, maxRetries: 0 });
});

afterAll(() => mock?.close());

describe('a sample of resource methods', () => {
  it('assistants.create: a JSON body', async () => {
    const assistant = await invent.assistants.create({ name: 'Support', enabled: true });
    expect(assistant.id).toMatch(/^ast_/);
    expect(assistant.name).toEqual(expect.any(String));
  });

  it('assistants.get: the parsed body, and the Response with withResponse()', async () => {
    const { data, response } = await invent.assistants.get('ast_2x9KqLmP7').withResponse();
    expect(response.status).toBe(200);
    expect(data.id).toBe('ast_2x9KqLmP7');
  });

  it('contacts.list: one page with its pagination headers', async () => {
    const page = await invent.contacts.list({ status: 'SUBSCRIBED', take: 20 });
    expect(page).toBeInstanceOf(Page);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.total).toBe(page.items.length);
    expect(page.hasNextPage()).toBe(false);
  });

  it('contacts.list: for await walks every contact', async () => {
    const ids: string[] = [];
    for await (const contact of invent.contacts.list({ status: 'SUBSCRIBED' })) ids.push(contact.id!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('cnt_'))).toBe(true);
  });

  it('broadcasts.templates.list: a nested list, id first', async () => {
    const templates = await invent.broadcasts.templates.list('brd_8KqT2mWx4').toArray({ limit: 50 });
    expect(templates.length).toBeGreaterThan(0);
  });

  it('broadcasts.get', async () => {
    const broadcast = await invent.broadcasts.get('brd_8KqT2mWx4');
    expect(broadcast.id).toMatch(/^brd_/);
  });

  it('broadcasts.send: a transactional send with variables', async () => {
    const result = await invent.broadcasts.send('brd_8KqT2mWx4', { email: 'user@example.com', variables: { otp: '123456' } });
    expect(result).toBeTypeOf('object');
  });

  it('chats.messages.create: nested, outside the org, with a body', async () => {
    const message = await invent.chats.messages.create('chat_7Hq2LmX9p', { content: 'Hello from the SDK' });
    expect(message).toBeTypeOf('object');
    expect(sent.at(-1)).toEqual({ method: 'POST', path: '/chats/chat_7Hq2LmX9p/messages' });
  });

  it('contacts.create: a body with one of email or phone', async () => {
    const contact = await invent.contacts.create({ email: 'maria.lopez@example.com', name: 'Maria Lopez' });
    expect(contact.id).toMatch(/^cnt_/);
  });

  it('subOrgs.detach: a DELETE on another organization id', async () => {
    await invent.subOrgs.detach('org_8vK2mQ7xL');
    expect(sent.at(-1)).toEqual({ method: 'DELETE', path: '/orgs/c/orgs/org_8vK2mQ7xL' });
  });

  it('tables.records.export: a CSV response', async () => {
    const csv = await invent.tables.records.export('tbl_4kR9mNq2X');
    expect(typeof csv).toBe('string');
    expect(csv.split('\n').length).toBeGreaterThan(1);
  });

  it('files.create: a multipart upload', async () => {
    const file = await invent.files.create({ file: new Blob(['%PDF-1.4'], { type: 'application/pdf' }) });
    expect(file).toBeTypeOf('object');
  });

  it('workflows.runs.list through invent.paginate', async () => {
    const runs = await invent
      .paginate('/orgs/{org_id}/workflows/{workflow_id}/runs', { params: { path: { workflow_id: 'wf_6NbX1cVp3' } } })
      .toArray({ limit: 10 });
    expect(runs.length).toBeGreaterThan(0);
  });

  it('orgId in the options addresses a sub-organization', async () => {
    await invent.segments.list({ take: 5 }, { orgId: 'org_8vK2mQ7xL' });
    expect(sent.at(-1)!.path).toBe('/orgs/org_8vK2mQ7xL/segments');
  });

  it('the mock agrees with what the SDK refuses up front', async () => {
    const refused = await (invent.assistants.create as (p: unknown) => Promise<unknown>)({ name: 'x'.repeat(1025) }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InventValidationError);
    const { response } = await invent.raw.POST('/orgs/{org_id}/assistants', { body: { name: 'x'.repeat(1025) } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const tooMany = await invent.raw.GET('/orgs/{org_id}/contacts', { params: { query: { take: 101 } } });
    expect(tooMany.response.status).toBeGreaterThanOrEqual(400);
    expect(tooMany.response.status).toBeLessThan(500);
    await expect((invent.contacts.list as (p: unknown) => Promise<unknown>)({ take: 101 })).rejects.toBeInstanceOf(InventValidationError);
  });
});

describe('every generated resource method', () => {
  const ids = Object.keys(operations) as OperationKey[];
  const rest = ids.filter((id) => !rulesById[id]?.reserved);
  const reserved = ids.filter((id) => rulesById[id]?.reserved);

  it('covers 242 REST operations plus the reserved inbox.connect', () => {
    expect(rest).toHaveLength(242);
    expect(reserved.map((id) => operations[id].sdkMethod)).toEqual(['inbox.connect']);
  });

  it.each(rest)('%s', async (id) => {
    const op = operations[id];
    const example = exampleRequest(op.path, op.method.toLowerCase());
    const method = op.sdkMethod!.split('.').reduce((node: any, part) => node[part], invent) as (...args: unknown[]) => Promise<unknown>;
    const args: unknown[] = op.pathParams.filter((p) => p !== 'org_id').map((p) => example.path[p]);
    let body = example.body as Record<string, unknown> | undefined;
    if (example.mediaType === 'multipart/form-data' && body) {
      body = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, k === 'file' ? new Blob([String(v)]) : v]));
    }
    const params = rulesById[id]?.whole ? { ...example.query, ...example.header, body } : { ...example.query, ...example.header, ...body };
    const hasParams = Boolean(rulesById[id]?.q || rulesById[id]?.h || op.body);
    if (hasParams) args.push(params);
    else expect(Object.keys(params)).toEqual([]);
    const before = sent.length;
    const result = method(...args);
    await expect(result).resolves.not.toThrow();
    const expected = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === 'org_id' ? 'c' : example.path[name]!));
    expect(sent.slice(before)[0]).toEqual({ method: op.method, path: expected });
  });
});
