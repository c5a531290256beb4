/**
 * The transactional helpers against the Invent mock (Prism serving openapi.json, request validation and
 * the bearer check on): every request they make must be one the contract accepts. `Prefer` and
 * scenarios drive the refusals; scenarios also stand in for the state Prism does not keep (a DRAFT or
 * PAUSED broadcast, an empty template list).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BroadcastNotActiveError,
  BroadcastSetupError,
  BroadcastStateError,
  NotFoundError,
  RecipientRejectedError,
  SendInputError,
  SendOutcomeUnknownError,
  SendRateLimitError,
  SendValidationError,
  type TransactionalRecipient,
} from '../../src/index.js';
import {
  scenarios,
  startInventMock,
  type InventMock,
  type JsonValue,
  type RecordedRequest,
  type Scenario,
} from '../../src/testing/index.js';
import { failure } from '../support/failure.js';

let mock: InventMock;
beforeAll(async () => {
  mock = await startInventMock();
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

const BROADCAST = 'brd_8KqT2mWx4';
const calls = () => mock.requests.map((r) => r.operation);
const sends = () => mock.requests.filter((r) => r.operation === 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send');
const expectValid = (requests: readonly RecordedRequest[] = mock.requests) => {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) expect(r.violations, `${r.method} ${r.path}`).toEqual([]);
};
/** The broadcast as Prism cannot keep it: in a given status (and type). */
const broadcastIs = (status: string, type = 'TRANSACTIONAL'): Scenario => ({
  name: `broadcast ${status}`,
  match: { operation: 'GET /orgs/{org_id}/broadcasts/{broadcast_id}' },
  steps: [{ body: { id: BROADCAST, name: 'Login OTP', type, status }, times: 'always' }],
});
const noTemplates = scenarios.pages('broadcasts.templates.list', []);

describe('send: each identifier form is a request the contract accepts', () => {
  const forms: Array<[string, TransactionalRecipient, Record<string, unknown>]> = [
    ['contactChannelId', { contactChannelId: 'ch_2Wp7QeR4z' }, { contact_channel_id: 'ch_2Wp7QeR4z' }],
    ['contactId', { contactId: 'cnt_9Tg3HjK5m' }, { contact_id: 'cnt_9Tg3HjK5m' }],
    ['phone', { phone: '+14155550123' }, { phone: '+14155550123' }],
    ['email', { email: 'maria.lopez@example.com' }, { email: 'maria.lopez@example.com' }],
    [
      'phone and email',
      { phone: '+14155550123', email: 'maria.lopez@example.com' },
      { phone: '+14155550123', email: 'maria.lopez@example.com' },
    ],
    [
      'contactId with overrides',
      { contactId: 'cnt_9Tg3HjK5m', email: 'work@example.com', name: 'Maria' },
      { contact_id: 'cnt_9Tg3HjK5m', email: 'work@example.com', name: 'Maria' },
    ],
  ];

  it.each(forms)('%s', async (_, recipient, wire) => {
    const otp = mock.client.broadcasts.transactional<{ otp: string }>(BROADCAST);
    const records = await otp.send(recipient, { variables: { otp: '123456' } });
    expect(records.map((r) => r.template_id)).toEqual(['btp_2GhK6wQz3', 'btp_5JpL8xNa1']);
    expect(records[0]).toMatchObject({ status: 'SENT', external_message_id: expect.stringMatching(/^wamid\./) });
    expectValid();
    expect(sends()).toHaveLength(1);
    expect(sends()[0]!.body).toEqual({ ...wire, variables: { otp: '123456' } });
    expect(sends()[0]!.path).toBe(`/orgs/c/broadcasts/${BROADCAST}/send`);
  });

  it('templateIds and background go out as template_ids and background; withResponse() gives the Response', async () => {
    const { data, response } = await mock.client.broadcasts
      .transactional(BROADCAST)
      .send({ email: 'ana@example.com' }, { templateIds: ['btp_2GhK6wQz3'], background: true })
      .withResponse();
    expect(response.status).toBe(200);
    expect(data).toHaveLength(2);
    expectValid();
    expect(sends()[0]!.body).toEqual({ email: 'ana@example.com', template_ids: ['btp_2GhK6wQz3'], background: true });
  });

  it('a handle for a sub-organization sends there', async () => {
    await mock.client.broadcasts.transactional(BROADCAST, { orgId: 'org_8vK2mQ7xL' }).send({ contactId: 'cnt_1' });
    expect(sends()[0]!.path).toBe(`/orgs/org_8vK2mQ7xL/broadcasts/${BROADCAST}/send`);
    expectValid();
  });

  it('a recipient with no identifier fails before any request', async () => {
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ name: 'Ana' } as never));
    expect(error).toBeInstanceOf(SendInputError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('send: refusals, driven by Prefer and scenarios', () => {
  it('an unsubscribed recipient (scenarios.rejectRecipient) -> RecipientRejectedError', async () => {
    mock.use(scenarios.rejectRecipient({ email: 'gone@example.com' }));
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ email: 'gone@example.com' }));
    expect(error).toBeInstanceOf(RecipientRejectedError);
    expect(error).toMatchObject({ reason: 'unsubscribed', status: 400, broadcastId: BROADCAST, recipient: { email: 'gone@example.com' } });
    expect(sends()).toHaveLength(1);
    expectValid();
  });

  it('a blocked recipient -> RecipientRejectedError (blocked)', async () => {
    mock.use(scenarios.rejectRecipient({ contact_id: 'cnt_blocked' }, { message: 'Contact is blocked' }));
    expect(await failure(mock.client.broadcasts.transactional(BROADCAST).send({ contactId: 'cnt_blocked' }))).toMatchObject({
      name: 'RecipientRejectedError',
      reason: 'blocked',
    });
  });

  it('a paused broadcast -> BroadcastNotActiveError', async () => {
    mock.use({
      name: 'paused',
      match: { operation: 'broadcasts.send' },
      steps: [{ status: 400, body: { statusCode: 400, message: 'Broadcast is paused' } }],
    });
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ email: 'ana@example.com' }));
    expect(error).toBeInstanceOf(BroadcastNotActiveError);
    expect(error).toMatchObject({ broadcastStatus: 'PAUSED' });
  });

  it('a validation refusal (a 400 listing what is wrong) -> SendValidationError', async () => {
    mock.use({
      name: 'invalid',
      match: { operation: 'broadcasts.send' },
      steps: [
        {
          status: 400,
          body: { statusCode: 400, message: ['name must be shorter than or equal to 1024 characters'], error: 'Bad Request' },
        },
      ],
    });
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ email: 'ana@example.com' }));
    expect(error).toBeInstanceOf(SendValidationError);
    expect(error).toMatchObject({ violations: ['name must be shorter than or equal to 1024 characters'] });
  });

  it('Prefer code=404 -> NotFoundError, unchanged', async () => {
    const error = await failure(
      mock
        .createClient({ prefer: { code: 404 } })
        .broadcasts.transactional('brd_missing')
        .send({ email: 'ana@example.com' }),
    );
    expect(error?.constructor).toBe(NotFoundError);
  });

  it('429 with Retry-After: 30 (beyond the harness’s retry budget) -> SendRateLimitError at once', async () => {
    mock.use(scenarios.rateLimited('broadcasts.send', { retryAfter: 30 }));
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ email: 'ana@example.com' }));
    expect(error).toBeInstanceOf(SendRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 30_000, outcomeUnknown: false });
    expect(sends()).toHaveLength(1);
  });

  it('429 then success: sent again, once', async () => {
    mock.use({
      name: '429 once',
      match: { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send' },
      steps: [{ status: 429, headers: { 'Retry-After': '0' } }],
    });
    const records = await mock.client.broadcasts.transactional(BROADCAST).send({ email: 'ana@example.com' });
    expect(records).toHaveLength(2);
    expect(sends().map((r) => r.status)).toEqual([429, 200]);
  });

  it('Prefer code=500 -> SendOutcomeUnknownError, and the send reached the mock exactly once', async () => {
    const error = await failure(
      mock
        .createClient({ prefer: { code: 500 } })
        .broadcasts.transactional(BROADCAST)
        .send({ email: 'ana@example.com' }),
    );
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(error).toMatchObject({ status: 500, attempts: 1, broadcastId: BROADCAST, recipient: { email: 'ana@example.com' } });
    expect(sends()).toHaveLength(1);
  });

  it('a dropped connection after the request -> SendOutcomeUnknownError, sent once', async () => {
    mock.use({ name: 'drop', match: { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send' }, steps: [{ drop: true }] });
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).send({ email: 'ana@example.com' }));
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(sends()).toHaveLength(1);
  });
});

describe('sendMany against the mock', () => {
  it('one result per item in input order; a bad item is reported and not sent; a refused one does not stop the batch', async () => {
    mock.use(scenarios.rejectRecipient({ email: 'gone@example.com' }));
    const receipts = mock.client.broadcasts.transactional<{ order_id: string }>(BROADCAST);
    const items = [
      { recipient: { email: 'a@example.com' }, variables: { order_id: 'ord_1' } },
      { recipient: { name: 'No identifier' } as never, variables: { order_id: 'ord_2' } },
      { recipient: { email: 'gone@example.com' }, variables: { order_id: 'ord_3' } },
      { recipient: { phone: '+14155550123' }, variables: { order_id: 'ord_4' } },
    ];
    const results = [];
    const run = receipts.sendMany(items, { concurrency: 2 });
    for await (const result of run) results.push(result);
    const summary = await run;
    expect(results.map((r) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(summary).toMatchObject({ total: 4, sent: 2, failed: 2, invalid: 1, outcomeUnknown: 0 });
    expect(summary.failures.map((f) => [f.index, f.error.name])).toEqual([
      [1, 'SendInputError'],
      [2, 'RecipientRejectedError'],
    ]);
    expect(sends()).toHaveLength(3);
    expectValid();
  });
});

describe('lifecycle: every call the contract accepts, the status rules before any change', () => {
  it('createTransactional: a TRANSACTIONAL broadcast, then its fields (with defaults) and templates', async () => {
    const otp = await mock.client.broadcasts.createTransactional<{ otp: string }>({
      name: 'Login OTP',
      fields: [{ name: 'otp', defaultValue: '000000' }, { name: 'app' }],
      templates: [{ channel: 'WHATSAPP', connection_id: 'conn_7MbT4rVy8', template: 'login_code' }],
    });
    expect(otp.id).toMatch(/^brd_/);
    expect(calls()).toEqual([
      'POST /orgs/{org_id}/broadcasts',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/fields',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/fields',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/templates',
    ]);
    expect(mock.requests.map((r) => r.body)).toEqual([
      { name: 'Login OTP', type: 'TRANSACTIONAL' },
      { name: 'otp', default_value: '000000' },
      { name: 'app' },
      { channel: 'WHATSAPP', connection_id: 'conn_7MbT4rVy8', template: 'login_code' },
    ]);
    expectValid();
  });

  it('createTransactional refuses a MARKETING type before any request', async () => {
    const error = await failure(mock.client.broadcasts.createTransactional({ name: 'Sale', type: 'MARKETING' as never }));
    expect(error).toBeInstanceOf(BroadcastStateError);
    expect(error).toMatchObject({ rule: 'transactional-only' });
    expect((error as Error).message).toMatch(/createTransactional with type MARKETING: these helpers work on TRANSACTIONAL broadcasts/);
    expect(mock.requests).toHaveLength(0);
  });

  it('createTransactional: a step failing after the broadcast exists is a BroadcastSetupError naming it', async () => {
    mock.use(scenarios.serverErrors('broadcasts.templates.create', { times: 1, status: 500 }));
    const error = await failure(mock.client.broadcasts.createTransactional({ name: 'Login OTP', templates: [{ channel: 'WHATSAPP' }] }));
    expect(error).toBeInstanceOf(BroadcastSetupError);
    expect(error).toMatchObject({ broadcastId: 'brd_3VnR7pLc1', step: 'adding template 1 of 1' });
  });

  it('activate from DRAFT: reads the broadcast and its templates, then activates', async () => {
    mock.use(broadcastIs('DRAFT'));
    const broadcast = await mock.client.broadcasts.transactional(BROADCAST).activate();
    expect(broadcast.status).toBe('ACTIVE');
    expect(calls()).toEqual([
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}/templates',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/activate',
    ]);
    expect(mock.requests[1]!.query).toEqual({ page: '1', take: '1' });
    expectValid();
  });

  it('activate with no template: BroadcastStateError (activate-needs-template), not activated', async () => {
    mock.use(broadcastIs('DRAFT'), noTemplates);
    const error = await failure(mock.client.broadcasts.transactional(BROADCAST).activate());
    expect(error).toBeInstanceOf(BroadcastStateError);
    expect(error).toMatchObject({ rule: 'activate-needs-template', broadcastId: BROADCAST, broadcastStatus: 'DRAFT' });
    expect((error as Error).message).toBe(
      'activate: a transactional broadcast needs at least one template (channel) before it can be activated; broadcast brd_8KqT2mWx4 is DRAFT [rule: activate-needs-template]',
    );
    expect(calls()).not.toContain('POST /orgs/{org_id}/broadcasts/{broadcast_id}/activate');
  });

  it('activate an ACTIVE one: refused (ensureActive accepts it, without a call)', async () => {
    const otp = mock.client.broadcasts.transactional(BROADCAST);
    expect(await failure(otp.activate())).toMatchObject({ rule: 'activate-from-draft-or-paused', broadcastStatus: 'ACTIVE' });
    mock.reset();
    expect((await otp.ensureActive()).status).toBe('ACTIVE');
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}']);
  });

  it('ensureActive from PAUSED activates (resumes) without reading the templates', async () => {
    mock.use(broadcastIs('PAUSED'));
    await mock.client.broadcasts.transactional(BROADCAST).ensureActive();
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}', 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/activate']);
    expectValid();
  });

  it('resume: PAUSED -> the activate endpoint; anything else is refused', async () => {
    mock.use(broadcastIs('PAUSED'));
    await mock.client.broadcasts.transactional(BROADCAST).resume();
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}', 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/activate']);
    mock.reset();
    expect(await failure(mock.client.broadcasts.transactional(BROADCAST).resume())).toMatchObject({
      rule: 'resume-from-paused',
      broadcastStatus: 'ACTIVE',
    });
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}']);
  });

  it('pause: ACTIVE -> paused; a DRAFT one is refused before the call', async () => {
    const paused = await mock.client.broadcasts.transactional(BROADCAST).pause();
    expect(paused.status).toBe('PAUSED');
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}', 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/pause']);
    expectValid();
    mock.reset();
    mock.use(broadcastIs('DRAFT'));
    expect(await failure(mock.client.broadcasts.transactional(BROADCAST).pause())).toMatchObject({
      name: 'BroadcastStateError',
      rule: 'pause-from-active',
    });
    expect(calls()).toEqual(['GET /orgs/{org_id}/broadcasts/{broadcast_id}']);
  });

  it('templates can change only in DRAFT', async () => {
    const otp = mock.client.broadcasts.transactional(BROADCAST);
    for (const call of [
      () => otp.addTemplate({ channel: 'WHATSAPP' }),
      () => otp.updateTemplate('btp_2GhK6wQz3', { template: 'login_code_v2' }),
      () => otp.removeTemplate('btp_2GhK6wQz3'),
    ] as Array<() => Promise<unknown>>) {
      expect(await failure(call())).toMatchObject({ rule: 'templates-in-draft-only', broadcastStatus: 'ACTIVE' });
    }
    expect(calls()).toEqual([
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
    ]);
    mock.reset();
    mock.use(broadcastIs('DRAFT'));
    await otp.addTemplate({ channel: 'WHATSAPP', connection_id: 'conn_7MbT4rVy8', template: 'login_code' });
    await otp.updateTemplate('btp_2GhK6wQz3', { template: 'login_code_v2' });
    await otp.removeTemplate('btp_2GhK6wQz3');
    expect(calls()).toEqual([
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/templates',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'PATCH /orgs/{org_id}/broadcasts/{broadcast_id}/templates/{template_id}',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}',
      'DELETE /orgs/{org_id}/broadcasts/{broadcast_id}/templates/{template_id}',
    ]);
    expectValid();
  });

  it('a MARKETING broadcast is refused by the handle', async () => {
    mock.use(broadcastIs('DRAFT', 'MARKETING'));
    expect(await failure(mock.client.broadcasts.transactional(BROADCAST).activate())).toMatchObject({ rule: 'transactional-only' });
  });

  it('fields: add, update, remove, list', async () => {
    const otp = mock.client.broadcasts.transactional(BROADCAST);
    expect(await otp.addField({ name: 'coupon_code', defaultValue: 'WELCOME10' })).toMatchObject({ id: 'bfl_4DtR9kMw2' });
    await otp.updateField('bfl_4DtR9kMw2', { defaultValue: 'WELCOME15' });
    await otp.removeField('bfl_4DtR9kMw2');
    expect((await otp.fields()).items.map((f) => f.name)).toEqual(['coupon_code', 'product_url']);
    expect(mock.requests.map((r) => r.body)).toEqual([
      { name: 'coupon_code', default_value: 'WELCOME10' },
      { default_value: 'WELCOME15' },
      undefined,
      undefined,
    ]);
    expectValid();
  });

  it('reads: status, templates and the recipients paginator', async () => {
    const otp = mock.client.broadcasts.transactional(BROADCAST);
    expect(await otp.status()).toBe('ACTIVE');
    expect((await otp.templates()).items).toHaveLength(2);
    const ids = [];
    for await (const record of otp.recipients({ take: 50 })) ids.push(record.id);
    expect(ids).toEqual(['brc_9WfM3tKp7', 'brc_4HdX6mBv9']);
    expectValid();
  });
});

describe('findRecipients: reconciling an unknown outcome', () => {
  const records: JsonValue[] = [
    {
      id: 'brc_3',
      template_id: 'btp_1',
      contact_id: 'cnt_ana',
      channel: 'WHATSAPP',
      status: 'SENT',
      source: 'API',
      sent_at: '2026-11-20T11:05:00Z',
    },
    {
      id: 'brc_2',
      template_id: 'btp_1',
      contact_id: 'cnt_other',
      channel: 'WHATSAPP',
      status: 'SENT',
      source: 'API',
      sent_at: '2026-11-20T11:04:00Z',
    },
    {
      id: 'brc_1',
      template_id: 'btp_1',
      contact_id: 'cnt_ana',
      channel: 'WHATSAPP',
      status: 'SENT',
      source: 'API',
      sent_at: '2026-11-20T09:00:00Z',
    },
    { id: 'brc_0', template_id: 'btp_1', contact_id: 'cnt_other', channel: 'WHATSAPP', status: 'SKIPPED', source: 'API' },
    {
      id: 'brc_00',
      template_id: 'btp_1',
      contact_id: 'cnt_ana',
      channel: 'WHATSAPP',
      status: 'SENT',
      source: 'API',
      sent_at: '2026-11-19T09:00:00Z',
    },
  ];

  it('by contactId, since a time', async () => {
    mock.use(scenarios.pages('broadcasts.recipients.list', records));
    const found = await mock.client.broadcasts
      .transactional(BROADCAST)
      .findRecipients({ contactId: 'cnt_ana' }, { since: '2026-11-20T11:00:00Z', take: 2 });
    expect(found.map((r) => r.id)).toEqual(['brc_3']);
    // Newest first, and page 2 is older than `since`: the walk stopped there, without page 3.
    expect(calls()).toEqual([
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}/recipients',
      'GET /orgs/{org_id}/broadcasts/{broadcast_id}/recipients',
    ]);
    expect(mock.requests.map((r) => r.query.page)).toEqual(['1', '2']);
    expectValid();
  });

  it('by email: the contact is looked up first (exact match only)', async () => {
    mock.use(
      scenarios.pages('broadcasts.recipients.list', records),
      scenarios.pages('contacts.list', [
        { id: 'cnt_ana', email: 'Ana@Example.com' },
        { id: 'cnt_anabel', email: 'anabel@example.com' },
      ]),
    );
    const found = await mock.client.broadcasts.transactional(BROADCAST).findRecipients({ email: 'ana@example.com' });
    expect(found.map((r) => r.id)).toEqual(['brc_3', 'brc_1', 'brc_00']);
    expect(mock.requests[0]).toMatchObject({ operation: 'GET /orgs/{org_id}/contacts', query: { search: 'ana@example.com' } });
    expectValid();
  });

  it('a recipient given only by contactChannelId cannot be matched', async () => {
    expect(await failure(mock.client.broadcasts.transactional(BROADCAST).findRecipients({ contactChannelId: 'ch_1' }))).toMatchObject({
      name: 'InventValidationError',
    });
  });
});
