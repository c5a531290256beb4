/**
 * Transactional OTP: set up a transactional broadcast from code, activate it, send a one-time code.
 *
 *   npm run example examples/transactional-otp.ts     against the embedded mock (no API key, no build)
 *
 * With INVENT_API_KEY set it runs against the real API and really sends a message: it creates a
 * broadcast (or uses INVENT_BROADCAST_ID), with one WhatsApp template from INVENT_CONNECTION_ID and
 * INVENT_TEMPLATE, and sends to OTP_PHONE.
 *
 * The mock keeps no state: its reads answer with the contract's examples (the broadcast it reads back
 * is ACTIVE, its template list is not empty), so against it `ensureActive()` finds nothing to do.
 */
import { BroadcastNotActiveError, createInvent, RecipientRejectedError, SendOutcomeUnknownError } from 'invent-sdk';
import { startInventMock } from 'invent-sdk/testing';

const env = process.env;
const mock = env.INVENT_API_KEY ? undefined : await startInventMock();
const invent = mock?.client ?? createInvent();
console.log(mock ? `Using the embedded Invent mock at ${mock.url}\n` : 'Using the Invent API\n');

const phone = env.OTP_PHONE ?? '+14155550123';
const code = String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0');

try {
  // 1. Set up: a TRANSACTIONAL broadcast (DRAFT) with an `otp` property and a WhatsApp template.
  //    `<{ otp: string }>` types the variables every send must give.
  const otp = env.INVENT_BROADCAST_ID
    ? invent.broadcasts.transactional<{ otp: string }>(env.INVENT_BROADCAST_ID)
    : await invent.broadcasts.createTransactional<{ otp: string }>({
        name: 'Login OTP',
        fields: [{ name: 'otp', defaultValue: '------' }],
        templates: [
          {
            channel: 'WHATSAPP',
            connection_id: env.INVENT_CONNECTION_ID ?? 'conn_7MbT4rVy8',
            template: env.INVENT_TEMPLATE ?? 'login_code',
          },
        ],
      });
  const templates = await otp.templates().toArray({ limit: 10 });
  console.log(
    `Broadcast ${otp.id}: ${templates.length} template(s): ${templates.map((t) => `${t.channel} ${String(t.template)}`).join(', ')}`,
  );

  // 2. Activate: DRAFT (with a template) or PAUSED -> ACTIVE; nothing to do when it is already ACTIVE.
  const broadcast = await otp.ensureActive();
  console.log(`Status: ${broadcast.status}`);

  // 3. Send the code: one call, every channel the recipient is reachable on, never sent twice by the SDK.
  const records = await otp.send({ phone }, { variables: { otp: code } });
  console.log(`Sent code ${code} to ${phone}:`);
  for (const r of records) console.log(`  - ${r.channel} ${r.status}${r.external_message_id ? ` (${r.external_message_id})` : ''}`);
} catch (error) {
  if (error instanceof RecipientRejectedError) console.log(`Not sent: the recipient is ${error.reason}`);
  else if (error instanceof BroadcastNotActiveError)
    console.log(`Not sent: the broadcast is not active (${error.broadcastStatus ?? 'status unknown'})`);
  else if (error instanceof SendOutcomeUnknownError) {
    // It may have gone out: look before sending a second code.
    const found = await invent.broadcasts.transactional(error.broadcastId).findRecipients({ phone }, { since: error.startedAt });
    console.log(found.length ? 'The code did go out' : 'No trace of the code: safe to send again');
  } else throw error;
} finally {
  await mock?.close();
}
