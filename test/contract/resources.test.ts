/**
 * Resource methods against Prism serving the contract (request validation and the bearer check on):
 * a sample of methods read as a user would, then every generated method called once with a valid
 * request (the contract's examples, or values generated from its schemas), checking it reaches its own
 * operation and is accepted. Nothing here depends on the contract's example values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationList } from '../../generated/operations.js';
import { resourceData } from '../../generated/resources.js';
import { createInvent, InventValidationError, Page, type Invent } from '../../src/index.js';
import { startPrismServer, type PrismServer } from '../../src/testing/prism-server.js';
import { contractOperations, fileFields, sampleRequest, specPath, successResponse } from '../support/spec.js';

let mock: PrismServer;
let invent: Invent;
const sent: Array<{ method: string; path: string }> = [];

beforeAll(async () => {
  mock = await startPrismServer({ spec: specPath, validateRequest: true, checkSecurity: true });
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
    expect(assistant.id).toEqual(expect.any(String));
    expect(assistant.name).toEqual(expect.any(String));
  });

  it('assistants.get: the parsed body, and the Response with withResponse()', async () => {
    const { data, response } = await invent.assistants.get('ast_2x9KqLmP7').withResponse();
    expect(response.status).toBe(200);
    expect(data.id).toEqual(expect.any(String));
  });

  it('contacts.list: one page with its pagination headers', async () => {
    const page = await invent.contacts.list({ take: 20 });
    expect(page).toBeInstanceOf(Page);
    expect(page.items.length).toBeGreaterThan(0);
    expect(sent.at(-1)).toEqual({ method: 'GET', path: '/orgs/c/contacts' });
  });

  it('contacts.list: for await walks every contact', async () => {
    const ids: string[] = [];
    for await (const contact of invent.contacts.list()) {
      ids.push(contact.id!);
      if (ids.length >= 500) break; // a mock's static pages may claim a large total
    }
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
  });

  it('broadcasts.templates.list: a nested list, id first', async () => {
    const templates = await invent.broadcasts.templates.list('brd_8KqT2mWx4').toArray({ limit: 50 });
    expect(templates.length).toBeGreaterThan(0);
  });

  it('broadcasts.get', async () => {
    const broadcast = await invent.broadcasts.get('brd_8KqT2mWx4');
    expect(broadcast.id).toEqual(expect.any(String));
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
    expect(contact.id).toEqual(expect.any(String));
  });

  it('subOrgs.detach: a DELETE on another organization id', async () => {
    await invent.subOrgs.detach('org_8vK2mQ7xL');
    expect(sent.at(-1)).toEqual({ method: 'DELETE', path: '/orgs/c/orgs/org_8vK2mQ7xL' });
  });

  it('tables.records.export: a CSV response', async () => {
    const csv = await invent.tables.records.export('tbl_4kR9mNq2X');
    expect(typeof csv).toBe('string');
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
  // generated/resources.ts keeps one rules entry per operation, in the order of operationList.
  const generated = operationList.map((op, i) => ({ ...op, rules: resourceData[i], name: `${op.method} ${op.path}` }));
  const rest = generated.filter((op) => !op.rules?.reserved);
  const reserved = generated.filter((op) => op.rules?.reserved);

  it('covers every operation of the contract; only protocol switches are left to hand-written methods', () => {
    expect(generated.map((op) => op.name).sort()).toEqual(contractOperations.map((op) => op.name).sort());
    expect(reserved.map((op) => successResponse(op.path, op.method.toLowerCase()).status)).toEqual(reserved.map(() => '101'));
  });

  it.each(rest)('$name ($sdkMethod)', async (op) => {
    const request = sampleRequest(op.path, op.method.toLowerCase());
    const method = op.sdkMethod!.split('.').reduce((node: any, part) => node[part], invent) as (...args: unknown[]) => Promise<unknown>;
    const args: unknown[] = op.pathParams.filter((p) => p !== 'org_id').map((p) => request.path[p]);
    let body = request.body as Record<string, unknown> | undefined;
    if (request.mediaType === 'multipart/form-data' && body) {
      const files = fileFields(request.bodySchema);
      body = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, files.has(k) ? new Blob([String(v)]) : v]));
    }
    const params = op.rules?.whole ? { ...request.query, ...request.header, body } : { ...request.query, ...request.header, ...body };
    const hasParams = Boolean(op.rules?.q || op.rules?.h || op.body);
    if (hasParams) args.push(params);
    else expect(Object.keys(params)).toEqual([]);
    const before = sent.length;
    const result = method(...args);
    await expect(result).resolves.not.toThrow();
    const expected = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === 'org_id' ? 'c' : request.path[name]!));
    expect(sent.slice(before)[0]).toEqual({ method: op.method, path: expected });
  });
});
