/**
 * The recipient rules, against the valibot schema (run time) and the TransactionalRecipient type (compile
 * time: `tsc -p .` checks the `expectTypeOf` lines and that every `@ts-expect-error` line is an error).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as v from 'valibot';
import { checkItem, checkRecipient, checkSend, recipientSchema } from '../../src/broadcasts/recipient.js';
import {
  createInvent,
  InventValidationError,
  SendInputError,
  type BroadcastRecipient,
  type SendManyItem,
  type SendOptions,
  type TransactionalBroadcast,
  type TransactionalRecipient,
} from '../../src/index.js';

const ok = (recipient: unknown) => v.safeParse(recipientSchema, recipient).success;
const problems = (recipient: unknown, options?: unknown): string[] => {
  try {
    checkSend('brd_1', recipient, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SendInputError);
    expect(error).toBeInstanceOf(InventValidationError);
    return (error as SendInputError).issues.map((i) => i.message);
  }
  return [];
};

describe('recipient rules (valibot)', () => {
  it('accepts each identifier on its own', () => {
    expect(ok({ contactChannelId: 'cch_1' })).toBe(true);
    expect(ok({ contactId: 'cnt_1' })).toBe(true);
    expect(ok({ phone: '+14155550123' })).toBe(true);
    expect(ok({ email: 'ana@example.com' })).toBe(true);
  });

  it('accepts several identifiers, and name as an override beside one', () => {
    expect(ok({ contactId: 'cnt_1', email: 'ana@example.com', phone: '+34 612 345 678', name: 'Ana' })).toBe(true);
    expect(ok({ contactChannelId: 'cch_1', contactId: 'cnt_1' })).toBe(true);
    expect(ok({ phone: '+1 (415) 555-0123', email: 'ana@example.com' })).toBe(true);
  });

  it('refuses a recipient with no identifier, saying which are missing', () => {
    expect(problems({})).toEqual(['the recipient needs an identifier: give at least one of contactChannelId, contactId, phone or email']);
  });

  it('refuses name alone: it overrides the display name but cannot identify anyone', () => {
    expect(problems({ name: 'Ana' })).toEqual([
      'the recipient has only a name, which overrides the display name but cannot identify anyone: give contactChannelId, contactId, phone or email too',
    ]);
  });

  it('checks formats lightly: a phone with its country code, an email with a domain', () => {
    expect(problems({ phone: '4155550123' })).toEqual([
      'recipient.phone must be a phone number with its country code, like +14155550123 (got "4155550123")',
    ]);
    expect(problems({ phone: '+1 415 CALL NOW' })[0]).toMatch(/^recipient\.phone must be a phone number with its country code/);
    expect(ok({ phone: '+123' })).toBe(false); // too short
    expect(ok({ phone: '+1234567890123456' })).toBe(false); // over 15 digits
    expect(problems({ email: 'ana@localhost' })).toEqual([
      'recipient.email must be an email address, like ana@example.com (got "ana@localhost")',
    ]);
    expect(ok({ email: 'ana example.com' })).toBe(false);
  });

  it('refuses empty strings and wrong types, naming the field', () => {
    expect(problems({ contactId: '  ' })).toEqual(['recipient.contactId must not be empty']);
    expect(problems({ email: 42 })).toContain('recipient.email must be a string (an email address)');
  });

  it('trims what it sends', () => {
    expect(checkSend('brd_1', { email: '  ana@example.com ' }, undefined).body).toEqual({ email: 'ana@example.com' });
  });

  it('refuses unknown keys, with a hint for the wire names and misplaced options', () => {
    expect(problems({ contact_id: 'cnt_1' })).toEqual([
      'unknown key recipient.contact_id: write contactId (the SDK maps it to contact_id)',
      'the recipient needs an identifier: give at least one of contactChannelId, contactId, phone or email',
    ]);
    expect(problems({ email: 'ana@example.com', variables: { otp: '1' } })).toEqual([
      'unknown key recipient.variables: variables go in the options (the second argument of send), not in the recipient',
    ]);
    expect(problems('ana@example.com')).toEqual(['recipient must be an object']);
    expect(problems(['ana@example.com'])).toEqual(['recipient must be an object']);
    expect(problems({ email: 'a@b.co' }, { template_ids: ['btp_1'], templates: ['btp_1'] })).toEqual([
      'unknown key options.template_ids: write templateIds (the SDK maps it to template_ids)',
      'unknown key options.templates: write templateIds',
    ]);
    expect(problems({ email: 'a@b.co' }, [])).toEqual(['options must be an object']);
    expect(problems(undefined)).toEqual([
      'the recipient is missing: give an object with at least one of contactChannelId, contactId, phone or email',
    ]);
  });

  it('SendInputError names the broadcast and every problem, and says nothing was sent', () => {
    expect(() => checkSend('brd_1', { name: 'Ana' }, { templateIds: [] })).toThrow(
      'send to broadcast brd_1: the recipient has only a name, which overrides the display name but cannot identify anyone: give contactChannelId, contactId, phone or email too; templateIds must name at least one template (leave it out to fire every template) (nothing was sent)',
    );
  });
});

describe('send options', () => {
  it('maps camelCase to the wire names, leaving out what is not given', () => {
    const { body, recipient } = checkSend(
      'brd_1',
      { contactChannelId: 'cch_1', contactId: 'cnt_1', name: 'Ana' },
      { variables: { otp: '123456' }, templateIds: ['btp_1'], background: true, timeout: 5000 },
    );
    expect(body).toEqual({
      contact_channel_id: 'cch_1',
      contact_id: 'cnt_1',
      name: 'Ana',
      variables: { otp: '123456' },
      template_ids: ['btp_1'],
      background: true,
    });
    expect(recipient).toEqual({ contactChannelId: 'cch_1', contactId: 'cnt_1', name: 'Ana' });
  });

  it('refuses an empty templateIds (it would be ambiguous), bad variables and background', () => {
    expect(problems({ email: 'a@b.co' }, { templateIds: [] })).toEqual([
      'templateIds must name at least one template (leave it out to fire every template)',
    ]);
    expect(problems({ email: 'a@b.co' }, { variables: ['123456'] })).toEqual([
      'variables must be an object of property values, keyed by property name',
    ]);
    expect(problems({ email: 'a@b.co' }, { background: 'yes' })).toEqual(['background must be true or false']);
    expect(problems({ email: 'a@b.co' }, { variables: [] })).toEqual([
      'variables must be an object of property values, keyed by property name',
    ]);
    // A Map or a class instance would go out as `{}`: placeholders left blank in a real message.
    for (const variables of [new Map([['otp', '1']]), new Date(0)])
      expect(problems({ email: 'a@b.co' }, { variables })).toEqual([
        'variables must be an object of property values, keyed by property name',
      ]);
    expect(problems({ email: 'a@b.co' }, { variables: Object.assign(Object.create(null), { otp: '1' }) })).toEqual([]);
    expect(problems({ phone: 5, email: 'x' }, undefined)).toEqual([
      'recipient.phone must be a string (a phone number with its country code)',
      'recipient.email must be an email address, like ana@example.com (got "x")',
    ]);
  });

  it('refuses unknown option keys: a silently ignored template_ids would fire every template', () => {
    expect(problems({ email: 'a@b.co' }, { template_ids: ['btp_1'] })).toEqual([
      'unknown key options.template_ids: write templateIds (the SDK maps it to template_ids)',
    ]);
  });
});

describe('sendMany items', () => {
  it('applies the batch defaults under the item’s own values', () => {
    expect(
      checkItem('brd_1', { recipient: { email: 'a@b.co' }, background: false }, 0, { background: true, templateIds: ['btp_1'] }).body,
    ).toEqual({
      email: 'a@b.co',
      background: false,
      template_ids: ['btp_1'],
    });
  });

  it('names the item in the error', () => {
    expect(() => checkItem('brd_1', { recipient: { name: 'Ana' } }, 7, {})).toThrow(
      /^sendMany item 7 to broadcast brd_1: the recipient has only a name/,
    );
    expect(() => checkItem('brd_1', { email: 'a@b.co' }, 3, {})).toThrow(
      'sendMany item 3 to broadcast brd_1: unknown key email; the recipient is missing: give an object with at least one of contactChannelId, contactId, phone or email (nothing was sent)',
    );
    expect(() => checkItem('brd_1', null, 4, {})).toThrow(
      'sendMany item 4 to broadcast brd_1: the item must be an object: { recipient, variables?, templateIds?, background? } (nothing was sent)',
    );
  });
});

describe('findRecipients input', () => {
  it('uses the same rules', () => {
    expect(() => checkRecipient('brd_1', { name: 'Ana' }, 'findRecipients')).toThrow(
      /^findRecipients to broadcast brd_1: the recipient has only a name/,
    );
  });
});

describe('types', () => {
  const invent = createInvent({ apiKey: 'k', fetch: async () => Response.json([]), rateLimit: false });
  const plain = invent.broadcasts.transactional('brd_1');
  const otp = invent.broadcasts.transactional<{ otp: string }>('brd_1');
  interface Receipt {
    order_id: string;
    total?: string;
  }
  const receipts = invent.broadcasts.transactional<Receipt>('brd_2');

  it('models the recipient as a union: one identifier at least', () => {
    expectTypeOf<{ email: string }>().toExtend<TransactionalRecipient>();
    expectTypeOf<{ contactId: string; name: string }>().toExtend<TransactionalRecipient>();
    expectTypeOf<{ name: string }>().not.toExtend<TransactionalRecipient>();
    expectTypeOf<{}>().not.toExtend<TransactionalRecipient>();
    // Every recipient the type allows is accepted by the schema's input type.
    expectTypeOf<TransactionalRecipient>().toExtend<v.InferInput<typeof recipientSchema>>();
  });

  it('types the handle, the options and the records', () => {
    expectTypeOf(plain).toEqualTypeOf<TransactionalBroadcast<Record<string, unknown>>>();
    expectTypeOf(otp.send).parameter(0).toEqualTypeOf<TransactionalRecipient>();
    expectTypeOf<Awaited<ReturnType<typeof otp.send>>>().toEqualTypeOf<BroadcastRecipient[]>();
    expectTypeOf<SendOptions<{ otp: string }>['variables']>().toEqualTypeOf<{ otp: string }>();
    expectTypeOf<SendManyItem<Receipt>['variables']>().toEqualTypeOf<Receipt>();
  });

  it('rejects wrong calls at compile time (checked by tsc; not run)', () => {
    const never = (_: () => unknown) => {};
    never(() => plain.send({ email: 'ana@example.com' })); // variables optional without a declared type
    never(() => otp.send({ phone: '+14155550123' }, { variables: { otp: '123456' } }));
    never(() => receipts.send({ contactId: 'cnt_1' }, { variables: { order_id: 'ord_1' } }));
    // @ts-expect-error a name alone is not a recipient
    never(() => plain.send({ name: 'Ana' }));
    // @ts-expect-error no identifier
    never(() => plain.send({}));
    // @ts-expect-error the wire name is not the helper's key
    never(() => plain.send({ contact_id: 'cnt_1' }));
    // @ts-expect-error a declared variable is required
    never(() => otp.send({ email: 'ana@example.com' }));
    // @ts-expect-error ... and so is the options argument carrying it
    never(() => otp.send({ email: 'ana@example.com' }, {}));
    // @ts-expect-error a misspelt variable
    never(() => otp.send({ email: 'ana@example.com' }, { variables: { opt: '123456' } }));
    // @ts-expect-error templateIds are strings
    never(() => plain.send({ email: 'ana@example.com' }, { templateIds: [1] }));
    // @ts-expect-error a sendMany item needs a recipient
    never(() => receipts.sendMany([{ variables: { order_id: 'ord_1' } }]));
    // @ts-expect-error createTransactional creates TRANSACTIONAL broadcasts only
    never(() => invent.broadcasts.createTransactional({ name: 'Sale', type: 'MARKETING' }));
  });
});
