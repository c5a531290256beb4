/**
 * Quickstart: create an assistant, list contacts, read a broadcast.
 *
 *   npm run demo                          against the embedded mock (no API key needed)
 *   INVENT_API_KEY=... npm run demo       against the real API (creates an assistant!)
 */
import { createInvent } from 'invent-sdk';
import { startInventMock } from 'invent-sdk/testing';

const mock = process.env.INVENT_API_KEY ? undefined : await startInventMock();
const invent = mock?.client ?? createInvent();
console.log(mock ? `Using the embedded Invent mock at ${mock.url}\n` : 'Using the Invent API\n');

try {
  // 1. Create an assistant: the method resolves with the parsed body.
  const assistant = await invent.assistants.create({ name: 'Support', enabled: true });
  console.log(`Created assistant ${assistant.id}: ${assistant.name} (enabled: ${assistant.enabled})`);

  // 2. List contacts: `for await` walks every page (the next one is fetched while you read this one).
  console.log('Subscribed contacts:');
  let count = 0;
  for await (const contact of invent.contacts.list({ status: 'SUBSCRIBED' })) {
    console.log(`  - ${contact.id} ${contact.name ?? ''} ${contact.email ?? contact.phone ?? ''}`);
    if (++count === 50) break; // stop whenever you like: nothing more is fetched
  }

  // 3. Read a broadcast: `await` a list for one page (items, page, take, total), then get one by id.
  const {
    items: [first],
    total,
  } = await invent.broadcasts.list({ take: 1 });
  console.log(`\nBroadcasts: ${total ?? '?'} in all`);
  if (first?.id) {
    const broadcast = await invent.broadcasts.get(first.id);
    console.log(`Broadcast ${broadcast.id}: ${broadcast.name} (${broadcast.type}, ${broadcast.status})`);
  }
} finally {
  await mock?.close();
}
