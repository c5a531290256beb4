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
  const { data: assistant } = await invent.POST('/orgs/{org_id}/assistants', { body: { name: 'Support', enabled: true } });
  console.log(`Created assistant ${assistant.id}: ${assistant.name} (enabled: ${assistant.enabled})`);

  const { data: contacts, response } = await invent.GET('/orgs/{org_id}/contacts', { params: { query: { status: 'SUBSCRIBED', take: 20 } } });
  console.log(`Subscribed contacts: ${response.headers.get('pagination-count')} in all, first page:`);
  for (const contact of contacts) console.log(`  - ${contact.id} ${contact.name ?? ''} ${contact.email ?? contact.phone ?? ''}`);

  const { data: broadcasts } = await invent.GET('/orgs/{org_id}/broadcasts', { params: { query: { take: 1 } } });
  const first = broadcasts[0];
  if (first?.id) {
    const { data: broadcast } = await invent.GET('/orgs/{org_id}/broadcasts/{broadcast_id}', { params: { path: { broadcast_id: first.id } } });
    console.log(`Broadcast ${broadcast.id}: ${broadcast.name} (${broadcast.type}, ${broadcast.status})`);
  }
} finally {
  await mock?.close();
}
