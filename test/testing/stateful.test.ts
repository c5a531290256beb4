/** The stateful mock through the SDK: records kept, documented rules and limits, seed/snapshot/restore/reset, scenarios on top. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, RateLimitError } from '../../src/index.js';
import { startInventMock, type InventMock } from '../../src/testing/index.js';

const SEED = {
  '/orgs/c/contacts': [
    { id: 'cnt_seeded1', name: 'Bea Seed', email: 'bea@example.com', status: 'SUBSCRIBED' },
    { id: 'cnt_gone1', name: 'Gil Gone', email: 'gil@example.com', status: 'UNSUBSCRIBED' },
  ],
};

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
    expect(ana.id).toMatch(/^cnt_[A-Za-z0-9]{10}$/);
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
