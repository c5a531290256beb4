/**
 * Reconciliation on one clock: the cutoff is the server's time (the REST listing's Date header) when
 * the client was last in sync, whatever the local clock says; an event time from the future neither
 * moves it nor hides a chat's later changes, and is reported in the `reconciled` event's `warning`.
 * The inbox mock plays a server whose clock is off from this machine's (`clockOffsetMs`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxConnection } from '../../src/inbox/index.js';
import { startInboxMock, type InboxMock } from '../../src/testing/inbox-server.js';
import { connect, next, record, restDeps, until } from './support.js';

let mock: InboxMock | undefined;
let inbox: InboxConnection | undefined;
afterEach(async () => {
  await inbox?.close();
  inbox = undefined;
  await mock?.close();
  mock = undefined;
});

const message = (chat: string, id: string) => ({ type: 'message', chat_id: chat, message: { id, text: id } }) as const;
const reconnectFast = { reconnect: { initialDelayMs: 50, maxDelayMs: 50 } };
const reconciledChats = (events: Array<{ type: string; reconciled?: boolean; chat?: { id: string } }>) =>
  events.filter((e) => e.reconciled).map((e) => e.chat!.id);

/** A server `offsetMs` from this machine's clock, with chats last active `agoMs` before now (server time). */
async function skewedMock(offsetMs: number, chats: Record<string, number> = {}): Promise<InboxMock> {
  const serverNow = Date.now() + offsetMs;
  return startInboxMock({
    clockOffsetMs: offsetMs,
    chats: Object.entries(chats).map(([id, agoMs]) => ({ id, updated_at: new Date(serverNow - agoMs).toISOString() })),
  });
}

describe('inbox reconciliation on the server clock', () => {
  it('a client 30 s ahead of the server still finds the changes made during an outage, with no event seen before it', async () => {
    mock = await skewedMock(-30_000, { chat_before: 60_000 });
    inbox = connect(mock, reconnectFast);
    const r = record(inbox);
    await inbox.ready();
    mock.dropConnections();
    mock.emit(message('chat_outage', 'm1')); // server time: 30 s behind this machine's clock
    const reconciled = await next(inbox, 'reconciled');
    expect(reconciledChats(r.events)).toEqual(['chat_outage']);
    expect(reconciled).toMatchObject({ emitted: 1, truncated: false });
    expect(reconciled.warning).toBeUndefined();
    // The cutoff is on the server's clock: about 30 s behind this machine's.
    expect(Date.now() - Date.parse(reconciled.since)).toBeGreaterThan(25_000);
  });

  it('a client 30 s behind the server neither misses outage changes nor re-reports what changed before it connected', async () => {
    mock = await skewedMock(30_000, { chat_before: 10_000 }); // changed 10 s before the client connected
    inbox = connect(mock, reconnectFast);
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('chat_live', 'm0'));
    await until(() => r.events.length === 1);
    mock.dropConnections();
    mock.emit(message('chat_outage', 'm1'));
    const reconciled = await next(inbox, 'reconciled');
    expect(reconciledChats(r.events)).toEqual(['chat_outage']);
    expect(reconciled.warning).toBeUndefined();
  });

  it('a poisoned event from the future neither hides later changes nor goes unreported', async () => {
    mock = await startInboxMock();
    inbox = connect(mock, reconnectFast);
    const r = record(inbox);
    await inbox.ready();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    mock.emit({ ...message('chat_poisoned', 'p1'), created_at: future });
    await until(() => r.events.length === 1);
    mock.dropConnections();
    // During the outage: a new chat, and a real change to the chat the poisoned event was about.
    mock.emit(message('chat_outage', 'm1'));
    mock.emit(message('chat_poisoned', 'm2'));
    const reconciled = await next(inbox, 'reconciled');
    expect(reconciledChats(r.events).sort()).toEqual(['chat_outage', 'chat_poisoned']);
    expect(reconciled.warning).toMatch(
      new RegExp(
        `^an event carried the time ${future.replace(/[.]/g, '\\.')}, 360\\d s ahead of the server's clock \\(.*\\); it was ignored for the cutoff$`,
      ),
    );
    expect(Date.parse(reconciled.since)).toBeLessThan(Date.now());
  });

  it('says so when the REST inbox gives no server time, and checks every chat rather than none', async () => {
    mock = await startInboxMock({ chats: [{ id: 'chat_old', updated_at: new Date(Date.now() - 60_000).toISOString() }] });
    const deps = restDeps(mock);
    const list = deps.listInboxChats;
    deps.listInboxChats = async (args) => ({ items: (await list(args)).items }); // no serverTime
    inbox = connect(mock, reconnectFast, deps);
    const r = record(inbox);
    await inbox.ready();
    mock.dropConnections();
    mock.emit(message('chat_outage', 'm1'));
    const reconciled = await next(inbox, 'reconciled');
    expect(reconciled.warning).toBe('the REST inbox sent no Date header and no event time is known: every chat up to maxPages was checked');
    expect(reconciledChats(r.events).sort()).toEqual(['chat_old', 'chat_outage']);
  });
});
