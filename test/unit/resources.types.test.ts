/**
 * Type tests: `tsc -p .` checks the `expectTypeOf` assertions and that every `@ts-expect-error` line
 * really is an error. The calls also run (against a recording fetch) so the runtime agrees.
 */
import { describe, expectTypeOf, expect, it } from 'vitest';
import type { paths } from '../../generated/schema.js';
import {
  createInvent,
  InventValidationError,
  type ContactsListParams,
  type InventPromise,
  type ListPromise,
  type Page,
  type PageSize,
} from '../../src/index.js';
import type { startInventMock } from '../../src/testing/index.js';
import { recordingFetch } from '../support/recording-fetch.js';

// The entities as the operations that return them type them (never by the contract's schema names).
type Contact = paths['/orgs/{org_id}/contacts/{contact_id}']['get']['responses'][200]['content']['application/json'];
type Assistant = paths['/orgs/{org_id}/assistants/{assistant_id}']['get']['responses'][200]['content']['application/json'];

const { fetch, requests } = recordingFetch(() => Response.json([]));
const invent = createInvent({ apiKey: 'k', fetch, maxRetries: 0, rateLimit: false });
const refused = (call: Promise<unknown>) => expect(call).rejects.toBeInstanceOf(InventValidationError);

describe('types of resource methods', () => {
  it('types parameters and results from the contract', () => {
    expectTypeOf(invent.contacts.list).parameter(0).toEqualTypeOf<ContactsListParams | undefined>();
    expectTypeOf<ContactsListParams['status']>().toEqualTypeOf<
      'ALL' | 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'BLOCKED' | 'AI_REPLIES_DISABLED' | undefined
    >();
    expectTypeOf<ContactsListParams['take']>().toEqualTypeOf<PageSize | undefined>();
    expectTypeOf(invent.contacts.list()).toEqualTypeOf<ListPromise<Contact>>();
    expectTypeOf<Awaited<ReturnType<typeof invent.contacts.list>>>().toEqualTypeOf<Page<Contact>>();
    expectTypeOf(invent.assistants.get).parameters.toEqualTypeOf<
      [assistantId: string, options?: import('../../src/index.js').RequestOptions]
    >();
    expectTypeOf(invent.assistants.get('ast_1')).toEqualTypeOf<InventPromise<Assistant>>();
    expectTypeOf<Awaited<ReturnType<typeof invent.assistants.get>>>().toEqualTypeOf<Assistant>();
    expectTypeOf(invent.tables.records.export).returns.toEqualTypeOf<InventPromise<string>>();
    expectTypeOf(invent.paginate('/orgs/{org_id}/contacts')).toEqualTypeOf<ListPromise<Contact>>();
  });

  it('iterates typed items', async () => {
    for await (const contact of invent.contacts.list()) expectTypeOf(contact).toEqualTypeOf<Contact>();
    const { data, response } = await invent.assistants.get('ast_1').withResponse();
    expectTypeOf(data).toEqualTypeOf<Assistant>();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });

  it('rejects wrong input at compile time, and at run time for JavaScript callers', async () => {
    const before = requests.length;
    // @ts-expect-error take is at most 100
    await refused(invent.contacts.list({ take: 101 }));
    // @ts-expect-error take is a number
    await refused(invent.contacts.list({ take: '20' }));
    // @ts-expect-error not a status
    await refused(invent.contacts.list({ status: 'ACTIVE' }));
    // @ts-expect-error the contact id is missing
    await refused(invent.contacts.get());
    // @ts-expect-error an id is a string
    await refused(invent.assistants.get({ id: 'ast_1' }));
    // @ts-expect-error name is required
    await refused(invent.assistants.create({ enabled: true }));
    // @ts-expect-error enabled is a boolean
    await refused(invent.assistants.update('ast_1', { enabled: 'yes' }));
    // @ts-expect-error the broadcast id comes first
    await refused(invent.broadcasts.templates.list({ take: 10 }));
    // @ts-expect-error concurrency is a number
    await refused(invent.contacts.list({}, { concurrency: 'four' }));
    // @ts-expect-error a misspelt body field (name)
    await refused(invent.contacts.create({ email: 'a@b.co', nmae: 'Ana' }));
    // @ts-expect-error a misspelt body field (enabled)
    await refused(invent.assistants.create({ name: 'Support', enabeld: true }));
    // @ts-expect-error a misspelt body field on an update
    await refused(invent.assistants.update('ast_1', { nmae: 'Support' }));
    // @ts-expect-error a misspelt query parameter
    await refused(invent.contacts.list({ stauts: 'BLOCKED' }));
    // @ts-expect-error a misspelt call option
    await refused(invent.contacts.list({}, { concurency: 4 }));
    // @ts-expect-error extra is an object of fields
    await refused(invent.contacts.create({ email: 'a@b.co' }, { extra: 'nickname' }));
    expect(requests.length).toBe(before);
  });

  it('accepts what the contract allows', () => {
    const take: PageSize = 50;
    expectTypeOf(invent.contacts.list({ status: 'SUBSCRIBED', take, page: 2 }, { orgId: 'org_1', concurrency: 4 })).toEqualTypeOf<
      ListPromise<Contact>
    >();
    expectTypeOf(invent.files.create).parameter(0).toHaveProperty('file').toEqualTypeOf<string | Blob>();
    expectTypeOf(invent.broadcasts.update).toBeCallableWith('brd_1', { scheduled_at: null });
    // An undocumented field, on purpose.
    expectTypeOf(invent.contacts.create).toBeCallableWith({ email: 'a@b.co' }, { extra: { nickname: 'Ana' } });
  });

  it('refuses unknown client and mock options at compile time', () => {
    const clientOptions = (options: Parameters<typeof createInvent>[0]) => options;
    // @ts-expect-error a misspelt client option (timeout)
    expect(clientOptions({ apiKey: 'k', timout: 5 })).toEqual({ apiKey: 'k', timout: 5 });
    expect(clientOptions({ apiKey: 'k', timeout: 5 })).toEqual({ apiKey: 'k', timeout: 5 });
    const mockOptions = (options: Parameters<typeof startInventMock>[0]) => options;
    // @ts-expect-error a misspelt mock option
    expect(mockOptions({ prot: 1 })).toEqual({ prot: 1 });
    expect(mockOptions({ port: 0 })).toEqual({ port: 0 });
    expectTypeOf(createInvent).toBeCallableWith({ apiKey: 'k', timeout: 5 });
  });

  it('types the path calls (GET, POST, ..., raw) without a misspelt option or a missing id', async () => {
    // Compile-time only (never called): the results' types, and mistakes the server, not the SDK, would answer.
    const notCalled = () => {
      expectTypeOf(invent.GET('/orgs/{org_id}/contacts/{contact_id}', { params: { path: { contact_id: 'c1' } } }))
        .resolves.toHaveProperty('data')
        .toEqualTypeOf<Contact>();
      expectTypeOf(invent.raw.GET('/orgs/{org_id}/assistants/{assistant_id}', { params: { path: { assistant_id: 'a1' } } }))
        .resolves.toHaveProperty('data')
        .toEqualTypeOf<Assistant | undefined>();
      expectTypeOf(invent.GET('/orgs/{org_id}/contacts', { parseAs: 'text' }))
        .resolves.toHaveProperty('data')
        .toEqualTypeOf<string>();
      return [
        // @ts-expect-error not a path of the contract
        invent.GET('/orgs/{org_id}/contactz'),
        // @ts-expect-error a misspelt query parameter
        invent.raw.GET('/orgs/{org_id}/contacts', { params: { query: { stauts: 'BLOCKED' } } }),
        // @ts-expect-error a misspelt key of init (timeout)
        invent.GET('/orgs/{org_id}/contacts', { timout: 1 }),
        // @ts-expect-error a misspelt body field
        invent.POST('/orgs/{org_id}/assistants', { body: { nmae: 'Support' } }),
      ];
    };
    expect(typeof notCalled).toBe('function');
    const before = requests.length;
    // @ts-expect-error the contact id is missing: this path needs init
    await refused(invent.GET('/orgs/{org_id}/contacts/{contact_id}'));
    expect(requests.length).toBe(before);
  });

  it('gives every entity addressed by id its id', async () => {
    expectTypeOf<Contact['id']>().toEqualTypeOf<string>();
    expectTypeOf<Assistant['id']>().toEqualTypeOf<string>();
    for await (const contact of invent.contacts.list()) expectTypeOf(contact.id).toEqualTypeOf<string>();
    const assistant = await invent.assistants.get('ast_1').catch(() => undefined);
    if (assistant) expectTypeOf(assistant.id).toEqualTypeOf<string>();
    // Responses stay open to fields the contract does not list yet.
    expectTypeOf<Contact['a_field_added_later']>().toEqualTypeOf<unknown>();
  });
});
