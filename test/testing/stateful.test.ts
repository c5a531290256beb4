/** The stateful mock through the SDK: records kept, documented rules and limits, seed/snapshot/restore/reset, scenarios on top. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BroadcastNotActiveError,
  BroadcastStateError,
  NotFoundError,
  RecipientRejectedError,
  SendRateLimitError,
} from '../../src/index.js';
import { startInventMock, type InventMock } from '../../src/testing/index.js';

const SEED = {
  '/orgs/c/contacts': [
    { id: 'cnt_seeded1', name: 'Bea Seed', email: 'bea@example.com', status: 'SUBSCRIBED' },
    { id: 'cnt_gone1', name: 'Gil Gone', email: 'gil@example.com', status: 'UNSUBSCRIBED' },
  ],
};

/** An id the stateful mock makes: the prefix of the contract's example ids (`cnt_`), else `id_`, then 10 random characters. */
const STATEFUL_ID = /^[a-z]+_[A-Za-z0-9]{10}$/;

let mock: InventMock;
const started = startInventMock({ stateful: { seed: SEED, clock: 'manual' } }).then((m) => (mock = m));
afterAll(async () => (await started).close());
beforeEach(async () => {
  await started;
  mock.reset();
});

describe('contacts, through the SDK', () => {
  it('create -> get -> update -> list (filtered, paginated) -> delete -> 404', async () => {
    const invent = mock.client;
    const ana = await invent.contacts.create({ name: 'Ana Lima', email: 'ana@example.com' });
    expect(ana.id).toMatch(STATEFUL_ID);
    expect(ana).toMatchObject({ name: 'Ana Lima', email: 'ana@example.com' });
    expect(Date.parse(String(ana.created_at))).toBe(mock.clock.now());
    expect(await invent.contacts.get(ana.id!)).toEqual(ana);

    const updated = await invent.contacts.update(ana.id!, { status: 'UNSUBSCRIBED' });
    expect(updated).toMatchObject({ id: ana.id, name: 'Ana Lima', status: 'UNSUBSCRIBED' });
    expect(await invent.contacts.get(ana.id!)).toEqual(updated);

    const unsubscribed = await invent.contacts.list({ status: 'UNSUBSCRIBED' }).withResponse();
    expect(unsubscribed.data.items.map((c) => c.id)).toEqual(['cnt_gone1', ana.id]);
    const search = await invent.contacts.list({ search: 'lima' });
    expect(search.items.map((c) => c.id)).toEqual([ana.id]);
    const all = await invent.contacts.list({ status: 'ALL' });
    expect(all.items).toHaveLength(3);

    const second = await invent.contacts.list({ take: 2, page: 2 }).withResponse();
    expect(second.data.items.map((c) => c.id)).toEqual([ana.id]);
    expect(second.response.headers.get('pagination-count')).toBe('3');
    expect(second.response.headers.get('pagination-page')).toBe('2');
    expect(second.response.headers.get('pagination-take')).toBe('2');

    await invent.contacts.delete(ana.id!);
    const error = await invent.contacts.get(ana.id!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect(mock.state['/orgs/c/contacts']?.map((c) => c.id)).toEqual(['cnt_seeded1', 'cnt_gone1']);
    mock.expectNoViolations();
  });
});

describe('assistants, through the SDK', () => {
  it('create -> get -> update -> list (search, pages) -> delete -> 404', async () => {
    const invent = mock.client;
    const support = await invent.assistants.create({ name: 'Support desk', enabled: true });
    const sales = await invent.assistants.create({ name: 'Sales' });
    expect(support.id).toMatch(STATEFUL_ID);
    expect(support.id).not.toBe(sales.id);
    expect(await invent.assistants.get(support.id!)).toEqual(support);
    const renamed = await invent.assistants.update(support.id!, { enabled: false });
    expect(renamed).toMatchObject({ id: support.id, name: 'Support desk', enabled: false });

    expect((await invent.assistants.list({ search: 'desk' })).items.map((a) => a.id)).toEqual([support.id]);
    const first = await invent.assistants.list({ take: 1 }).withResponse();
    expect(first.data.items.map((a) => a.id)).toEqual([support.id]);
    expect(Object.fromEntries([...first.response.headers].filter(([k]) => k.startsWith('pagination-')))).toEqual({
      'pagination-count': '2',
      'pagination-page': '1',
      'pagination-take': '1',
    });
    const everyone = [];
    for await (const assistant of invent.assistants.list({ take: 1 })) everyone.push(assistant.id);
    expect(everyone).toEqual([support.id, sales.id]);

    await invent.assistants.delete(support.id!);
    await expect(invent.assistants.get(support.id!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(invent.assistants.update(support.id!, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    mock.expectNoViolations();
  });

  it('the 11th assistant created within an hour is a 429 with Retry-After; an hour later it passes', async () => {
    for (let i = 0; i < 10; i++) await mock.client.assistants.create({ name: `A${i}` });
    const refused = await mock.client.raw.POST('/orgs/{org_id}/assistants', { body: { name: 'one too many' } });
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toBe('3600');
    mock.clock.advance(3_600_000);
    expect((await mock.client.assistants.create({ name: 'next hour' })).name).toBe('next hour');
  });
});

describe('the general limit', () => {
  it('the 501st call within a minute, to any operation, is a 429 with Retry-After', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 250; i++) {
      await mock.client.raw.GET('/orgs/{org_id}/contacts/{contact_id}', { params: { path: { contact_id: 'cnt_seeded1' } } });
      await mock.client.raw.GET('/orgs/{org_id}/assistants');
    }
    mock.clock.advance(59_000);
    const refused = await mock.client.raw.GET('/orgs/{org_id}/contacts');
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toBe('1');
    mock.clock.advance(1_000);
    expect((await mock.client.raw.GET('/orgs/{org_id}/contacts')).response.status).toBe(200);
  });
});

describe('transactional broadcasts (docs/transactional.md)', () => {
  async function setUp() {
    const otp = await mock.client.broadcasts.createTransactional<{ otp: string }>({
      name: 'Login OTP',
      fields: [{ name: 'otp', defaultValue: '------' }],
      templates: [{ channel: 'WHATSAPP', connection_id: 'conn_7MbT4rVy8', template: 'login_code' }],
    });
    return otp;
  }

  it('createTransactional -> activate -> send -> recipients, as documented', async () => {
    const otp = await setUp();
    expect(await otp.status()).toBe('DRAFT');
    await expect(otp.send({ email: 'ana@example.com' }, { variables: { otp: '123456' } })).rejects.toBeInstanceOf(BroadcastNotActiveError);
    await otp.activate();
    expect(await otp.status()).toBe('ACTIVE');

    const records = await otp.send({ email: 'ana@example.com' }, { variables: { otp: '123456' } });
    const [template] = (await otp.templates()).items;
    expect(records).toEqual([expect.objectContaining({ template_id: template!.id, channel: 'WHATSAPP', status: 'SENT' })]);
    const ana = (await mock.client.contacts.list({ search: 'ana@example.com' })).items;
    expect(ana).toHaveLength(1);
    expect(records[0]!.contact_id).toBe(ana[0]!.id);

    await otp.send({ contactId: 'cnt_seeded1' }, { variables: { otp: '654321' } });
    const recipients = await otp.recipients();
    expect(recipients.items.map((r) => r.contact_id)).toEqual([ana[0]!.id, 'cnt_seeded1']);
    expect(recipients.total).toBe(2);

    await otp.pause();
    await expect(otp.addTemplate({ channel: 'EMAIL' } as never)).rejects.toBeInstanceOf(BroadcastStateError);
    await otp.resume();
    mock.expectNoViolations();
  });

  it('activation needs a template; a template changes only in DRAFT (the API refuses, not only the SDK)', async () => {
    const draft = await mock.client.broadcasts.create({ name: 'Empty', type: 'TRANSACTIONAL' } as never);
    expect(draft.status).toBe('DRAFT');
    const path = { broadcast_id: draft.id! };
    const refused = await mock.client.raw.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/activate', { params: { path } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'BROADCAST_NOT_ACTIVATABLE' });
    expect(String((refused.error as { message: string }).message)).toContain('templates');
  });

  it('refuses an unsubscribed or unknown contact, and sends nothing', async () => {
    const otp = await setUp();
    await otp.activate();
    const error = await otp.send({ contactId: 'cnt_gone1' }, { variables: { otp: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipientRejectedError);
    expect((error as RecipientRejectedError).reason).toBe('unsubscribed');
    await expect(otp.send({ contactId: 'cnt_nobody' }, { variables: { otp: '1' } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await otp.recipients()).items).toEqual([]);
  });

  it('the 101st send within 60 s is a 429 with Retry-After; after the clock moves it passes', { timeout: 120_000 }, async () => {
    const otp = await setUp();
    await otp.activate();
    for (let i = 0; i < 100; i++) await otp.send({ contactId: 'cnt_seeded1' }, { variables: { otp: String(i) } });
    const error = await otp.send({ contactId: 'cnt_seeded1' }, { variables: { otp: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendRateLimitError);
    expect((error as SendRateLimitError).retryAfterMs).toBe(60_000);
    mock.clock.advance(60_000);
    expect(await otp.send({ contactId: 'cnt_seeded1' }, { variables: { otp: 'y' } })).toHaveLength(1);
    expect((await otp.recipients()).total).toBe(101);
  });
});

describe('seed, snapshot, restore, reset, scenarios', () => {
  it('starts from the seed, snapshots and restores, and reset() goes back to the seed', async () => {
    expect(mock.state).toEqual(SEED);
    const before = mock.snapshot();
    const created = await mock.client.contacts.create({ name: 'Temp', email: 'temp@example.com' });
    await mock.client.contacts.delete('cnt_seeded1');
    expect(mock.state['/orgs/c/contacts']?.map((c) => c.id)).toEqual(['cnt_gone1', created.id]);
    const after = mock.snapshot();
    mock.restore(before);
    expect(mock.state).toEqual(SEED);
    mock.restore(after);
    expect((await mock.client.contacts.get(created.id!)).name).toBe('Temp');
    mock.reset();
    expect(mock.state).toEqual(SEED);
    expect(() => mock.restore({ '/orgs/c/contacts': [{ name: 'no id' }] } as never)).toThrow(/must be an object with an "id"/);
  });

  it('an answer that would break the contract is a loud 500 and a recorded violation, never sent as is', async () => {
    mock.restore({ '/orgs/c/contacts': [{ id: 'cnt_bad', email: 42 }] });
    const { response, error } = await mock.client.raw.GET('/orgs/{org_id}/contacts/{contact_id}', {
      params: { path: { contact_id: 'cnt_bad' } },
    });
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ code: 'STATEFUL_MOCK_DRIFT' });
    expect(() => mock.expectNoViolations()).toThrow(
      /stateful mock's 200 answer to GET \/orgs\/\{org_id\}\/contacts\/\{contact_id\} breaks the contract: \/email must be string/,
    );
  });

  it('a scenario still overrides any answer', async () => {
    mock.use({ match: { operation: 'contacts.get' }, steps: [{ status: 200, body: { id: 'cnt_scripted' } }] });
    expect((await mock.client.contacts.get('cnt_anything')).id).toBe('cnt_scripted');
    await expect(mock.client.contacts.get('cnt_anything')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a deleted broadcast takes its templates with it', async () => {
    const brd = await mock.client.broadcasts.create({ name: 'B', type: 'TRANSACTIONAL' } as never);
    await mock.client.broadcasts.templates.create(brd.id!, { channel: 'EMAIL' } as never);
    expect(Object.keys(mock.state)).toContain(`/orgs/c/broadcasts/${brd.id}/templates`);
    await mock.client.broadcasts.delete(brd.id!);
    expect(Object.keys(mock.state)).not.toContain(`/orgs/c/broadcasts/${brd.id}/templates`);
    await expect(mock.client.broadcasts.templates.list(brd.id!)).rejects.toBeInstanceOf(NotFoundError);
  });
});
