/**
 * The same service against the stateful mock: a fake Invent that keeps what the service creates, holds
 * Invent's documented rules and limits, and still checks every call and answer against the contract.
 * No answer is scripted: the test sets the world up through the API (or a seed) and reads it back.
 */
import { RecipientRejectedError } from 'invent-sdk';
import { startInventMock, type InventMock } from 'invent-sdk/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createOtpService } from './otp-service.js';

let mock: InventMock;
let broadcastId: string;
beforeAll(async () => {
  mock = await startInventMock({
    stateful: {
      clock: 'manual', // time moves only with mock.clock.advance(): limits do not depend on the machine's speed
      seed: { '/orgs/c/contacts': [{ id: 'cnt_gone', email: 'gone@example.com', status: 'UNSUBSCRIBED' }] },
    },
  });
});
afterAll(() => mock?.close());
beforeEach(async () => {
  mock.reset(); // back to the seed
  const otp = await mock.client.broadcasts.createTransactional<{ otp: string }>({
    name: 'Login OTP',
    fields: [{ name: 'otp', defaultValue: '------' }],
    templates: [{ channel: 'WHATSAPP', connection_id: 'conn_7MbT4rVy8', template: 'login_code' }],
  });
  await otp.activate();
  broadcastId = otp.id;
});

it('sends the code, and Invent keeps a record of it', async () => {
  const service = createOtpService({ invent: mock.client, broadcastId, generateCode: () => '123456' });

  expect(await service.sendCode('ana@example.com')).toEqual({ sent: true, code: '123456', channels: ['WHATSAPP'] });

  const recipients = await mock.client.broadcasts.transactional(broadcastId).recipients();
  expect(recipients.items).toHaveLength(1);
  const [ana] = (await mock.client.contacts.list({ search: 'ana@example.com' })).items; // Invent created the contact
  expect(recipients.items[0]).toMatchObject({ contact_id: ana!.id, channel: 'WHATSAPP', status: 'SENT' });
  mock.expectNoViolations();
});

it('an unsubscribed contact is refused, as Invent documents', async () => {
  const service = createOtpService({ invent: mock.client, broadcastId });
  expect(await service.sendCode('gone@example.com')).toMatchObject({ sent: false, reason: 'unsubscribed' });
  await expect(mock.client.broadcasts.transactional(broadcastId).send({ contactId: 'cnt_gone' })).rejects.toBeInstanceOf(
    RecipientRejectedError,
  );
});

it('the 101st send in a minute is refused; a minute later it goes out', async () => {
  const service = createOtpService({ invent: mock.client, broadcastId });
  for (let i = 0; i < 100; i++) await service.sendCode(`user${i}@example.com`);
  await expect(service.sendCode('late@example.com')).rejects.toThrow(/429|rate/i);
  mock.clock.advance(60_000);
  expect(await service.sendCode('late@example.com')).toMatchObject({ sent: true });
});

it('reads back what it wrote: the subscribed emails are the contacts it created', async () => {
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) await mock.client.contacts.create({ email });
  const service = createOtpService({ invent: mock.client, broadcastId });
  expect(await service.subscribedEmails(2)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
});
