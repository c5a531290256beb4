/**
 * The inbox in real time, against the embedded inbox mock (no API key, no network): connect, print the
 * events the mock sends, lose the connection on purpose, reconnect and recover the missed change through
 * the REST inbox, then close. Ends by itself in about half a second.
 *
 *   npm run example examples/inbox-events.ts   (or npm run demo; no build needed)
 */
import { createInvent, type InboxEvent } from 'invent-sdk';
import { startInboxMock } from 'invent-sdk/testing';

const mock = await startInboxMock();
const invent = createInvent({ baseUrl: mock.url, apiKey: mock.apiKey });

const inbox = await invent.inbox.connect({ reconnect: { initialDelayMs: 100 } });

inbox.on('reconnecting', ({ reason, delayMs }) =>
  console.log(`  ! connection lost (${reason.kind}${reason.kind === 'close' ? ` ${reason.code}` : ''}), reconnecting in ${delayMs} ms`),
);
inbox.on('reconnected', ({ downtimeMs }) =>
  console.log(`  ! reconnected after ${downtimeMs} ms, reconciling through GET /orgs/{org_id}/inbox`),
);
inbox.on('error', (error) => console.log(`  ! ${error.name}: ${error.message}`));

function show(event: InboxEvent): string {
  switch (event.type) {
    case 'message':
      return `${event.chat_id}  ${String(event.message.text ?? '')}`;
    case 'chat.created':
    case 'chat.updated':
      return `${event.chat.id}  ${event.reconciled ? '(changed while disconnected)' : String(event.chat.title ?? '')}`;
    default:
      return event.chat_id;
  }
}

try {
  await inbox.ready();
  console.log(`Inbox mock at ${mock.url}; listening on ${inbox.url}\n`);

  // What "the server" does meanwhile.
  void (async () => {
    mock.emit({ type: 'chat.created', chat: { id: 'chat_7Hq2LmX9p', title: 'Order delivery question' } });
    mock.emit({ type: 'message', chat_id: 'chat_7Hq2LmX9p', message: { id: 'msg_1', role: 'user', text: 'Where is my order #1042?' } });
    mock.emit({ type: 'typing', chat_id: 'chat_7Hq2LmX9p' });
    await new Promise((r) => setTimeout(r, 50));
    mock.dropConnections(); // the network fails...
    mock.emit({ type: 'message', chat_id: 'chat_1Vc5KpD8s', message: { id: 'msg_2', text: 'I want a refund' } }); // ...so the socket never carries this
    await new Promise((resolve) => inbox.on('reconciled', resolve));
    mock.emit({ type: 'message', chat_id: 'chat_7Hq2LmX9p', message: { id: 'msg_3', role: 'assistant', text: 'It ships tomorrow.' } });
  })();

  let count = 0;
  for await (const event of inbox) {
    console.log(`  ${event.type.padEnd(13)} ${show(event)}`);
    if (++count === 5) break;
  }
} finally {
  await inbox.close();
  await mock.close();
}
console.log(`\nClosed: ${inbox.stats.delivered} events (${inbox.stats.reconciled} reconciled), ${inbox.stats.reconnects} reconnect.`);
