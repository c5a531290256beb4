/**
 * Testing a service's Invent integration without the real API: the mock serves Invent's contract,
 * refuses requests that break it, records what the service sent, and plays scenarios.
 */
import { createInvent } from 'invent-sdk';
import { ContractViolationError, scenarios, startInventMock, type InventMock } from 'invent-sdk/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createOtpService } from './otp-service.js';

let mock: InventMock;
beforeAll(async () => {
  mock = await startInventMock();
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

it('sends the code through the transactional broadcast', async () => {
  const otp = createOtpService({ invent: mock.client, broadcastId: 'brd_otp', generateCode: () => '123456' });

  const result = await otp.sendCode('ana@example.com');

  // The contract's example answer: one record SENT on WhatsApp, one SKIPPED on email.
  expect(result).toEqual({ sent: true, code: '123456', channels: ['WHATSAPP'] });
  expect(mock.requests).toHaveLength(1);
  expect(mock.requests[0]).toMatchObject({
    method: 'POST',
    path: '/orgs/c/broadcasts/brd_otp/send',
    operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send',
    body: { email: 'ana@example.com', variables: { otp: '123456' } },
    status: 200,
  });
  expect(mock.requests[0]!.headers.authorization).toBe('Bearer [redacted]');
  mock.expectNoViolations();
});

it('reports a recipient Invent refuses instead of throwing', async () => {
  mock.use(scenarios.rejectRecipient({ email: 'gone@example.com' }, { message: 'Contact is unsubscribed' }));
  const otp = createOtpService({ invent: mock.client, broadcastId: 'brd_otp' });

  expect(await otp.sendCode('gone@example.com')).toMatchObject({ sent: false, reason: 'unsubscribed' });
  expect(await otp.sendCode('ana@example.com')).toMatchObject({ sent: true }); // anyone else still gets the code
  expect(mock.requests.map((r) => r.status)).toEqual([400, 200]);
});

it('reads every page of subscribed contacts', async () => {
  const contacts = ['a', 'b', 'c', 'd', 'e'].map((n, i) => ({ id: `cnt_${i}`, email: `${n}@example.com`, status: 'SUBSCRIBED' }));
  mock.use(scenarios.pages('contacts.list', contacts));
  const otp = createOtpService({ invent: mock.client, broadcastId: 'brd_otp' });

  expect(await otp.subscribedEmails(2)).toEqual(contacts.map((c) => c.email));
  expect(mock.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
});

it('fails loudly when the service breaks the contract', async () => {
  const otp = createOtpService({ invent: mock.client, broadcastId: 'brd_otp' });

  // The contract caps `take` at 100: the mock refuses, and the error says why.
  const error = await otp.subscribedEmails(500).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect((error as Error).message).toMatch(/request\.query\.take: .*<= 100/);
});

it('works with a client the service builds itself from its configuration', async () => {
  mock.use(scenarios.pages('contacts.list', [{ id: 'cnt_1', email: 'maria@example.com', status: 'SUBSCRIBED' }]));
  const invent = createInvent({ baseUrl: mock.url, apiKey: 'test-key' });
  const otp = createOtpService({ invent, broadcastId: 'brd_otp' });

  expect(await otp.subscribedEmails()).toEqual(['maria@example.com']);
  // Any client's error carries the violations too: the mock's refusal lists them in the message.
  await expect(otp.subscribedEmails(500)).rejects.toThrow(/take must be <= 100/);
});
