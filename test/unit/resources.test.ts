/** Resource methods: how arguments become requests, and what is refused before any request. No network. */
import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/operations.js';
import { rulesById } from '../support/rules-by-id.js';
import { createInvent, InventApiError, InventConfigError, InventPromise, InventValidationError } from '../../src/index.js';
import { attachResources } from '../../src/resources/build.js';
import { parseRule } from '../../src/contract/rules.js';
import { violation } from '../../src/resources/check-rule.js';
import { recordingFetch } from '../support/recording-fetch.js';

function client(handler?: (request: Request) => Response | Promise<Response>) {
  const recorded = recordingFetch(handler ?? (() => Response.json({ id: 'x_1' })));
  const invent = createInvent({ apiKey: 'k', fetch: recorded.fetch, maxRetries: 0, rateLimit: false });
  return { invent, requests: recorded.requests };
}

describe('arguments become requests', () => {
  it('ids are positional, in path-template order, org_id from the client', async () => {
    const { invent, requests } = client();
    await invent.contacts.get('cnt_1');
    await invent.chats.messages.tools.respond('chat_1', 'msg_2', 'tc_3', { output: 'ok' });
    await invent.contacts.channels.chats.messages.create('cnt_1', 'ch_2', 'chat_3', { content: 'hi' });
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /orgs/c/contacts/cnt_1',
      'POST /chats/chat_1/messages/msg_2/tools/tc_3/respond',
      'POST /orgs/c/contacts/cnt_1/channels/ch_2/chats/chat_3/messages',
    ]);
  });

  it('one params object: query parameters by name, every other key in the JSON body', async () => {
    const { invent, requests } = client(() => Response.json([]));
    await invent.contacts.list({ status: 'SUBSCRIBED', search: 'ana', take: 20 });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ status: 'SUBSCRIBED', search: 'ana', page: '1', take: '20' });
    expect(requests[0]!.body).toBe('');

    await invent.assistants.create({ name: 'Support', enabled: true });
    expect(requests[1]).toMatchObject({ method: 'POST', body: JSON.stringify({ name: 'Support', enabled: true }) });
    expect(requests[1]!.url.search).toBe('');
    expect(requests[1]!.headers.get('content-type')).toBe('application/json');
  });

  it('a body field may share a path parameter name (the id is positional)', async () => {
    const { invent, requests } = client();
    await invent.variables.update('OLD_KEY', { key: 'NEW_KEY' });
    expect(requests[0]).toMatchObject({ method: 'PATCH', body: '{"key":"NEW_KEY"}' });
    expect(requests[0]!.url.pathname).toBe('/orgs/c/variables/OLD_KEY');
  });

  it('a required body with no required fields is sent as {} when params are left out', async () => {
    expect(operations['PATCH /orgs/{org_id}/assistants/{assistant_id}'].body).toEqual({ mediaType: 'application/json', required: true });
    const { invent, requests } = client();
    await invent.assistants.update('ast_1');
    expect(requests[0]).toMatchObject({ method: 'PATCH', body: '{}' });
  });

  it('checks "at least one of" bodies', async () => {
    const { invent, requests } = client();
    // @ts-expect-error an email or a phone is required
    await expect(invent.contacts.create({ name: 'Ana' })).rejects.toThrow(/^contacts\.create: give at least one of `email`, `phone`$/);
    await invent.contacts.create({ phone: '+14155550123' });
    expect(requests).toHaveLength(1);
  });

  it('form-encoded bodies and header parameters', async () => {
    const { invent, requests } = client(() => Response.json({}));
    await invent.auth.signIn({ email: 'agent@company.com', code: '123456', 'x-session-name': 'CI' });
    expect(requests[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]!.headers.get('x-session-name')).toBe('CI');
    expect(requests[0]!.headers.get('authorization')).toBeNull();
    expect(new URLSearchParams(requests[0]!.body).get('code')).toBe('123456');
  });

  it('multipart bodies: Blob values are file parts', async () => {
    const { invent, requests } = client();
    await invent.tables.records.import('tbl_1', { file: new Blob(['a,b\n1,2'], { type: 'text/csv' }), mapping: { a: 'name' } });
    expect(requests[0]!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(requests[0]!.body).toContain('a,b\n1,2');
    expect(requests[0]!.body).toContain('{"a":"name"}');
  });

  it('a non-JSON response is read as its media type', async () => {
    const { invent } = client(() => new Response('name\nAcme\n', { headers: { 'content-type': 'text/csv' } }));
    expect(await invent.tables.records.export('tbl_1')).toBe('name\nAcme\n');
  });

  it('options: orgId for a sub-organization, headers, signal', async () => {
    const { invent, requests } = client(() => Response.json([]));
    await invent.assistants.get('ast_1', { orgId: 'org_sub', headers: { 'x-trace': 't1' } });
    await invent.contacts.list({ take: 5 }, { orgId: 'org_sub' });
    expect(requests.map((r) => r.url.pathname)).toEqual(['/orgs/org_sub/assistants/ast_1', '/orgs/org_sub/contacts']);
    expect(requests[0]!.headers.get('x-trace')).toBe('t1');
    const controller = new AbortController();
    controller.abort();
    await expect(invent.assistants.get('ast_1', { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('resolves with the parsed body; withResponse() gives the Response too', async () => {
    const { invent } = client(() => Response.json({ id: 'ast_1', name: 'Support' }, { headers: { 'x-request-id': 'req_9' } }));
    const call = invent.assistants.get('ast_1');
    expect(call).toBeInstanceOf(Promise);
    expect(call).toBeInstanceOf(InventPromise);
    expect(await call).toEqual({ id: 'ast_1', name: 'Support' });
    const { data, response } = await invent.assistants.get('ast_1').withResponse();
    expect(data.name).toBe('Support');
    expect(response.headers.get('x-request-id')).toBe('req_9');
  });

  it('goes through the same transport and errors as the typed calls', async () => {
    const { invent } = client(() => Response.json({ message: 'Not found' }, { status: 404 }));
    const error = await invent.assistants.get('ast_404').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventApiError);
    expect(error).toMatchObject({ status: 404, operation: 'assistants.get' });
  });
});

describe('bad input is refused before any request, naming the method and the parameter', () => {
  const { invent, requests } = client();
  const untyped = invent as any;
  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['take above 100', () => untyped.contacts.list({ take: 101 }), /^contacts\.list: `take` must be at most 100, got 101$/],
    ['take of a wrong type', () => untyped.contacts.list({ take: '20' }), /^contacts\.list: `take` must be an integer, got string "20"$/],
    ['a fractional integer', () => untyped.contacts.list({ page: 1.5 }), /`page` must be an integer, got number 1.5/],
    [
      'a value outside the enum',
      () => untyped.contacts.list({ status: 'ACTIVE' }),
      /^contacts\.list: `status` must be one of "ALL", "SUBSCRIBED", .*got "ACTIVE"$/,
    ],
    ['a missing id', () => untyped.contacts.get(), /^contacts\.get: `contact_id` \(argument 1\) is required$/],
    [
      'an empty id',
      () => untyped.broadcasts.templates.get('brd_1', ''),
      /^broadcasts\.templates\.get: `template_id` \(argument 2\) is required$/,
    ],
    ['an id of a wrong type', () => untyped.assistants.get({ id: 'ast_1' }), /`assistant_id` \(argument 1\) must be a string, got object/],
    ['a missing required body field', () => untyped.assistants.create({ enabled: true }), /^assistants\.create: `name` is required$/],
    [
      'a string too long',
      () => untyped.assistants.create({ name: 'x'.repeat(1025) }),
      /^assistants\.create: `name` must be at most 1024 characters, got 1025 characters$/,
    ],
    [
      'a body field of a wrong type',
      () => untyped.assistants.update('ast_1', { enabled: 'yes' }),
      /^assistants\.update: `enabled` must be a boolean, got string "yes"$/,
    ],
    [
      'an unknown parameter where there is no body',
      () => untyped.contacts.list({ stauts: 'BLOCKED' }),
      /^contacts\.list: unknown parameter `stauts` \(did you mean `status`\? known: search, status, /,
    ],
    [
      'a misspelt body field',
      () => untyped.contacts.create({ email: 'a@b.co', nmae: 'Ana' }),
      /^contacts\.create: unknown parameter `nmae` \(did you mean `name`\? known: email, name, phone, segment_ids\); `options\.extra` sends it anyway$/,
    ],
    [
      'options.extra that is not an object',
      () => untyped.contacts.create({ email: 'a@b.co' }, { extra: 'x' }),
      /options\.extra must be an object/,
    ],
    [
      'params that are not an object',
      () => untyped.contacts.list('SUBSCRIBED'),
      /^contacts\.list: params \(argument 1\) must be an object, got string$/,
    ],
    ['an empty orgId', () => untyped.assistants.get('ast_1', { orgId: '' }), /options.orgId must be a non-empty string/],
  ])('%s', async (_, call, message) => {
    const before = requests.length;
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventValidationError);
    expect((error as Error).message).toMatch(message);
    expect(requests.length).toBe(before);
  });

  it('sends undocumented fields given on purpose in options.extra', async () => {
    const { invent, requests } = client();
    await invent.contacts.create({ email: 'a@b.co' }, { extra: { nickname: 'Ana' } });
    expect(JSON.parse(requests[0]!.body!)).toEqual({ email: 'a@b.co', nickname: 'Ana' });
    await invent.assistants.get('ast_1', { extra: { expand: 'actions' } });
    expect(new URL(requests[1]!.url).searchParams.get('expand')).toBe('actions');
  });

  it('nulls pass where the contract allows them', async () => {
    const { invent, requests } = client();
    await invent.broadcasts.update('brd_1', { scheduled_at: null });
    expect(requests[0]!.body).toBe('{"scheduled_at":null}');
    await expect(untyped.broadcasts.update('brd_1', { name: null })).rejects.toThrow(/`name` must be a string, got null/);
  });
});

describe('rules', () => {
  it('parses the compact format', () => {
    expect(parseRule('take?:integer(1..100)')).toEqual({
      name: 'take',
      required: false,
      types: ['integer'],
      lo: 1,
      hi: 100,
      enum: undefined,
    });
    expect(parseRule('status:string=["A","B"]')).toMatchObject({ name: 'status', required: true, enum: ['A', 'B'] });
    expect(parseRule('x-session-name?:string|null')).toMatchObject({ name: 'x-session-name', types: ['string', 'null'] });
    expect(parseRule('page?:integer(1..)')).toMatchObject({ lo: 1, hi: undefined });
  });

  it('checks types, ranges, lengths and enums', () => {
    expect(violation(parseRule('n?:number(0..1)'), 0.5)).toBeUndefined();
    expect(violation(parseRule('n?:number(0..1)'), 2)).toMatch(/at most 1/);
    expect(violation(parseRule('tags?:array(..2)'), [1, 2, 3])).toMatch(/at most 2 items, got 3 items/);
    expect(violation(parseRule('v?:any'), { a: 1 })).toBeUndefined();
    expect(violation(parseRule('file:string'), new Blob(['x']))).toBeUndefined();
  });

  it('every rule in generated/resources.ts parses', () => {
    const all = Object.values(rulesById).flatMap((d = {}) => [...(d.q ?? []), ...(d.h ?? []), ...(d.b ?? [])]);
    expect(all.length).toBeGreaterThan(200);
    for (const text of all) expect(() => parseRule(text)).not.toThrow();
  });
});

describe('the namespace tree', () => {
  it('has every REST operation as a method, and the hand-written WebSocket client at inbox.connect', () => {
    const { invent } = client();
    const tree = invent as unknown as Record<string, any>;
    let count = 0;
    for (const [id, op] of Object.entries(operations)) {
      const fn = op.sdkMethod!.split('.').reduce((node, part) => node?.[part], tree);
      if (rulesById[id]?.reserved) expect(fn, 'a reserved slot holds the hand-written client').toBe(invent.inbox.connect);
      else {
        expect(typeof fn, op.sdkMethod!).toBe('function');
        count++;
      }
    }
    expect(count).toBe(Object.values(rulesById).filter((d) => !d?.reserved).length);
    expect(count).toBeGreaterThan(0);
    expect(rulesById['GET /orgs/{org_id}/inbox/ws']).toEqual({ reserved: 'websocket' });
    expect(typeof invent.inbox.list).toBe('function');
    expect(typeof invent.inbox.connect).toBe('function');
  });

  it('merges a hand-written method into a reserved slot, and refuses to replace a generated one', () => {
    const { invent } = client();
    const base = { GET: invent.GET, PUT: invent.PUT, POST: invent.POST, DELETE: invent.DELETE, PATCH: invent.PATCH };
    const withInbox = attachResources({ ...base }, { 'inbox.connect': () => () => 'connected' }) as any;
    expect(withInbox.inbox.connect()).toBe('connected');
    expect(typeof withInbox.inbox.list).toBe('function');
    expect(() => attachResources({ ...base }, { 'contacts.list': () => () => 0 })).toThrow(InventConfigError);
  });
});
