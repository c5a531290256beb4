import { WebSocket as WsWebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, InventApiError, InventError } from '../../src/errors.js';
import {
  InboxAuthError,
  InboxConnectionError,
  InboxEventError,
  InboxListenerError,
  InboxReconcileError,
  type InboxConnection,
  type InboxEvent,
  type WebSocketConstructor,
} from '../../src/inbox/index.js';
import { startInboxMock, type InboxMock } from '../../src/testing/inbox-server.js';
import { connect, next, record, restDeps, sleep, until } from './support.js';

let mock: InboxMock;
let inbox: InboxConnection | undefined;

beforeEach(async () => {
  mock = await startInboxMock();
});

afterEach(async () => {
  await inbox?.close();
  inbox = undefined;
  await mock.close();
});

const past = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const message = (chat: string, id: string, text = id) => ({ type: 'message', chat_id: chat, message: { id, text } }) as const;

describe('inbox: delivery', () => {
  it('connects with the bearer key to the encoded org path, and delivers events in order to iterators and typed listeners', async () => {
    inbox = connect(mock, { orgId: 'org/sub 1' });
    const messages: string[] = [];
    const updates: string[] = [];
    inbox.on('message', (e) => messages.push(e.message.id));
    inbox.on('chat.updated', (e) => updates.push(e.chat.id));
    const iterator = inbox[Symbol.asyncIterator]();
    await inbox.ready();
    expect(mock.upgrades).toEqual([
      { path: '/orgs/org%2Fsub%201/inbox/ws', orgId: 'org/sub 1', authorization: 'Bearer mock-api-key', status: 101 },
    ]);

    const sent = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 4;
      sent.push(
        kind === 0
          ? mock.emit(message(`chat_${i % 7}`, `msg_${i}`))
          : kind === 1
            ? mock.emit({ type: 'chat.updated', chat: { id: `chat_${i % 7}`, status: 'OPEN' } })
            : kind === 2
              ? mock.emit({ type: 'typing', chat_id: `chat_${i % 7}` })
              : mock.emit({ type: 'chat.created', chat: { id: `chat_new_${i}` } }),
      );
    }
    const received: InboxEvent[] = [];
    for (let i = 0; i < 200; i++) received.push((await iterator.next()).value);
    expect(received.map((e) => e.id)).toEqual(sent.map((e) => e.id));
    expect(received[0]).toEqual(sent[0]); // unknown fields pass through
    expect(messages).toHaveLength(50);
    expect(updates).toHaveLength(50);
    expect(inbox.stats).toMatchObject({ received: 200, delivered: 200, duplicates: 0, dropped: 0, reconnects: 0 });
  });

  it('sends garbage to the error listener and unknown types to the unknown listener, and keeps going', async () => {
    inbox = connect(mock);
    const r = record(inbox);
    await inbox.ready();
    mock.emitRaw('not json {');
    mock.emitRaw('[1,2,3]');
    mock.emitRaw('{"type":42}');
    mock.emitRaw(JSON.stringify({ type: 'message', chat_id: 'chat_1' })); // no message id
    mock.emitRaw(JSON.stringify({ type: 'agent.assigned', chat_id: 'chat_1', agent: 'a' }));
    mock.emitRaw(new TextEncoder().encode(JSON.stringify({ type: 'typing', chat_id: 'chat_bin' }))); // binary frame
    mock.emit(message('chat_1', 'msg_ok'));
    await until(() => r.events.length === 2, 2000, 'events');
    expect(r.events.map((e) => e.type)).toEqual(['typing', 'message']);
    const errors = r.of('error');
    expect(errors).toHaveLength(4);
    expect(errors.every((e) => e instanceof InboxEventError && e instanceof InventError)).toBe(true);
    expect(errors.map((e: InboxEventError) => e.reason)).toEqual(['invalid-json', 'invalid-event', 'invalid-event', 'invalid-event']);
    expect(errors[0].frame).toBe('not json {');
    expect(r.of('unknown')).toEqual([{ type: 'agent.assigned', data: { type: 'agent.assigned', chat_id: 'chat_1', agent: 'a' } }]);
    expect(inbox.state).toBe('open');
    expect(inbox.stats.rejected).toBe(5);
  });

  it('reports a throwing listener and still delivers to the others and to iterators', async () => {
    inbox = connect(mock);
    const r = record(inbox);
    inbox.on('message', () => {
      throw new Error('consumer bug');
    });
    const seen: string[] = [];
    inbox.on('message', (e) => seen.push(e.message.id));
    await inbox.ready();
    mock.emit(message('c', 'm1'));
    mock.emit(message('c', 'm2'));
    await until(() => seen.length === 2);
    expect(r.of('error').map((e) => e instanceof InboxListenerError && e.listenerOf)).toEqual(['message', 'message']);
  });
});

describe('inbox: reconnect and reconcile', () => {
  it('after the server kills the connection, reconnects and reconciles: nothing lost, nothing twice', async () => {
    mock.setInboxChats([
      { id: 'chat_a', created_at: past(60_000), updated_at: past(60_000) },
      { id: 'chat_b', created_at: past(50_000), updated_at: past(50_000) },
      { id: 'chat_old', created_at: past(40_000), updated_at: past(40_000) },
    ]);
    inbox = connect(mock, { reconnect: { initialDelayMs: 100, maxDelayMs: 100 } });
    const r = record(inbox);
    await inbox.ready();
    const m1 = mock.emit(message('chat_a', 'm1'));
    const m2 = mock.emit(message('chat_b', 'm2'));
    await until(() => r.events.length === 2);

    mock.dropConnections(); // abnormal close (1006)
    // While the client is away: chat_a gets a message, chat_c appears. The socket cannot carry them.
    const m3 = mock.emit(message('chat_a', 'm3'));
    mock.emit({ type: 'chat.created', chat: { id: 'chat_c', title: 'New' } });
    const reconciled = await next(inbox, 'reconciled');
    const m4 = mock.emit(message('chat_b', 'm4'));
    await until(() => r.events.length === 5);
    await sleep(50);

    expect(
      r.events.map((e) => [
        e.type,
        e.type === 'message' ? e.message.id : e.type === 'chat.updated' ? e.chat.id : '',
        e.reconciled ?? false,
      ]),
    ).toEqual([
      ['message', 'm1', false],
      ['message', 'm2', false],
      ['chat.updated', 'chat_a', true],
      ['chat.updated', 'chat_c', true],
      ['message', 'm4', false],
    ]);
    expect(r.events[0]).toEqual(m1);
    expect(r.events[1]).toEqual(m2);
    expect(r.events[4]).toEqual(m4);
    expect(r.events[3]).toMatchObject({ chat: { id: 'chat_c', title: 'New' } });
    // The server's time when the client was last in sync (its Date header has whole seconds: up to 1 s early).
    const missedSince = Date.parse((r.events[3] as unknown as { missed_since: string }).missed_since);
    expect(missedSince).toBeLessThan(Date.parse(m3.created_at));
    expect(missedSince).toBeGreaterThan(Date.parse(m2.created_at) - 1500);
    expect(reconciled).toMatchObject({ pages: 1, emitted: 2, truncated: false });
    expect(reconciled.warning).toBeUndefined();
    expect(r.of('reconnecting')[0]).toMatchObject({ attempt: 1, reason: { kind: 'close', code: 1006 } });
    expect(r.of('reconnected')).toHaveLength(1);
    expect(r.of('error')).toEqual([]);
    expect(inbox.stats).toMatchObject({ delivered: 5, reconciled: 2, reconnects: 1, duplicates: 0 });
  });

  it('drops events the server sends twice, and does not re-emit chats it already saw live', async () => {
    inbox = connect(mock);
    const r = record(inbox);
    await inbox.ready();
    const m1 = mock.emit(message('chat_a', 'm1'));
    await until(() => r.events.length === 1);
    mock.emitRaw(JSON.stringify(m1)); // replayed by the server
    mock.dropConnections(1012, 'restarting'); // a clean server-side close still reconnects
    await next(inbox, 'reconciled');
    mock.emitRaw(JSON.stringify(m1)); // replayed again after the reconnect
    mock.emit(message('chat_a', 'm2'));
    await until(() => r.events.length === 2);
    await sleep(50);
    expect(r.events.map((e) => e.id)).toEqual([m1.id, expect.stringMatching(/^evt_/)]);
    expect(inbox.stats.duplicates).toBe(2);
    expect(r.of('reconnecting')[0].reason).toEqual({ kind: 'close', code: 1012, reason: 'restarting' });
  });

  it('holds live events that arrive during reconciliation and delivers them after the missed ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const deps = restDeps(mock);
    const list = deps.listInboxChats;
    deps.listInboxChats = async (args) => {
      await gate;
      return list(args);
    };
    inbox = connect(mock, {}, deps);
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('chat_a', 'm1'));
    await until(() => r.events.length === 1);
    mock.dropConnections();
    mock.emit(message('chat_b', 'missed'));
    await next(inbox, 'reconnected');
    mock.emit(message('chat_c', 'live'));
    await sleep(50);
    expect(r.events).toHaveLength(1); // held
    release();
    await until(() => r.events.length === 4);
    // chat_c's REST state already includes the held live message: its reconciled event says "changed while
    // you were away" and comes first; the SDK cannot tell from a chat whether that was the only change.
    expect(r.events.map((e) => (e.type === 'message' ? e.message.id : `${e.type}:${eventChat(e)}`))).toEqual([
      'm1',
      'chat.updated:chat_b',
      'chat.updated:chat_c',
      'live',
    ]);
  });

  it('walks REST pages newest-first, stops at the cutoff, and reports a truncated walk', async () => {
    mock.setInboxChats(
      Array.from({ length: 60 }, (_, i) => ({ id: `old_${i}`, created_at: past(100_000 + i), updated_at: past(100_000 + i) })),
    );
    inbox = connect(mock, { reconcile: { take: 10, maxPages: 10, overlapMs: 0 }, reconnect: { initialDelayMs: 100, maxDelayMs: 100 } });
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('seen', 'm0'));
    await until(() => r.events.length === 1);

    mock.dropConnections();
    for (let i = 0; i < 25; i++) mock.emit(message(`changed_${i}`, `m${i}`));
    const first = await next(inbox, 'reconciled');
    // Page 3 holds the last 5 changed chats and 5 older ones; page 4, none newer: the walk stops there.
    expect(first).toMatchObject({ pages: 4, emitted: 25, truncated: false });
    expect(mock.restRequests.map((q) => [q.page, q.take])).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
    ]);
    expect(r.events.slice(1).map((e) => eventChat(e))).toEqual(Array.from({ length: 25 }, (_, i) => `changed_${i}`)); // oldest change first

    // Now more changes than the cap: reported, not silent.
    inbox.close();
    await inbox.closed;
    inbox = connect(mock, { reconcile: { take: 10, maxPages: 2, overlapMs: 0 }, reconnect: { initialDelayMs: 100, maxDelayMs: 100 } });
    const r2 = record(inbox);
    await inbox.ready();
    mock.emit(message('seen', 'm1'));
    await until(() => r2.events.length === 1);
    mock.dropConnections();
    for (let i = 0; i < 30; i++) mock.emit(message(`again_${i}`, `n${i}`));
    const second = await next(inbox, 'reconciled');
    expect(second).toMatchObject({ pages: 2, emitted: 20, truncated: true });
    expect(r2.of('error').some((e) => e instanceof InboxReconcileError && /may be missing/.test(e.message))).toBe(true);
  });

  it('retries a failed reconciliation and keeps the stream open meanwhile', async () => {
    const deps = restDeps(mock);
    const list = deps.listInboxChats;
    let failures = 1;
    deps.listInboxChats = async (args) => {
      if (failures-- > 0) throw new InventApiError({ status: 503, headers: new Headers(), body: {}, operation: 'inbox.list' });
      return list(args);
    };
    inbox = connect(mock, {}, deps);
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('chat_a', 'm1'));
    await until(() => r.events.length === 1);
    mock.dropConnections();
    mock.emit(message('chat_b', 'missed'));
    const reconciled = await next(inbox, 'reconciled');
    expect(reconciled.emitted).toBe(1);
    expect(r.of('error')).toHaveLength(1);
    expect(r.of('error')[0]).toBeInstanceOf(InboxReconcileError);
    expect(r.events.map(eventChat)).toEqual(['chat_a', 'chat_b']);
  });

  it('never stays stuck on a REST inbox that does not answer: the walk times out, held events flow', async () => {
    const deps = restDeps(mock);
    deps.listInboxChats = () => new Promise(() => {}); // hangs and ignores its signal
    inbox = connect(mock, { reconcile: { timeoutMs: 150, retries: 0 } }, deps);
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('chat_a', 'm1'));
    await until(() => r.events.length === 1);
    mock.dropConnections();
    await next(inbox, 'reconnected');
    mock.emit(message('chat_b', 'live'));
    const error = await next(inbox, 'error');
    expect(error).toBeInstanceOf(InboxReconcileError);
    expect(error.message).toMatch(/timed out after 150 ms.*|may be missing/);
    await until(() => r.events.length === 2);
    expect(inbox.state).toBe('open');
  });

  it('detects silence (no frames, no pongs), drops the socket and reconnects', async () => {
    inbox = connect(mock, { heartbeat: { intervalMs: 50, staleAfterMs: 250 } });
    const r = record(inbox);
    await inbox.ready();
    mock.emit(message('chat_a', 'm1'));
    await until(() => r.events.length === 1);
    const silentSince = Date.now();
    mock.goSilent(); // a half-open TCP connection: frames and pongs vanish
    mock.emit(message('chat_b', 'lost in the silence'));
    const reconnecting = await next(inbox, 'reconnecting', 2000);
    expect(reconnecting.reason).toMatchObject({ kind: 'stale' });
    expect(Date.now() - silentSince).toBeGreaterThanOrEqual(150); // not before staleAfterMs (less the polling slack)
    expect(Date.now() - silentSince).toBeLessThan(2000);
    await next(inbox, 'reconciled');
    expect(r.events.map(eventChat)).toEqual(['chat_a', 'chat_b']);
    expect(r.events[1]).toMatchObject({ type: 'chat.updated', reconciled: true });
  });

  it('keeps a quiet but healthy socket open: pongs count as life', async () => {
    inbox = connect(mock, { heartbeat: { intervalMs: 50, staleAfterMs: 250 } });
    const r = record(inbox);
    await inbox.ready();
    await sleep(800);
    expect(r.of('reconnecting')).toEqual([]);
    expect(mock.upgrades).toHaveLength(1);
  });

  it('retries refused upgrades that may pass (503 with Retry-After) and gives up on those that cannot (404)', async () => {
    mock.refuseUpgrades(503, { retryAfter: '1' }); // delta-seconds are whole seconds (RFC 9110)
    inbox = connect(mock);
    const r = record(inbox);
    const reconnecting = await next(inbox, 'reconnecting');
    expect(reconnecting.reason).toEqual({ kind: 'upgrade-refused', status: 503 });
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(1000);
    mock.refuseUpgrades(false);
    await inbox.ready();
    expect(r.of('error')).toEqual([]);
    await inbox.close();

    mock.refuseUpgrades(404);
    inbox = connect(mock);
    await expect(inbox.ready()).rejects.toBeInstanceOf(InboxConnectionError);
    expect(inbox.error).toMatchObject({ status: 404 });
  });

  it('gives up after maxAttempts', async () => {
    mock.refuseUpgrades(503);
    inbox = connect(mock, { reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } });
    await expect(inbox.ready()).rejects.toThrow(/after 3 attempts/);
    expect(mock.upgrades).toHaveLength(4);
  });
});

describe('inbox: authentication', () => {
  it('a 401 on the upgrade is a typed error: no reconnect loop, iterators throw it', async () => {
    inbox = connect(mock, {}, restDeps(mock, { apiKey: 'wrong-key' }));
    const r = record(inbox);
    const iterate = (async () => {
      for await (const _ of inbox!) void _;
    })();
    await expect(inbox.ready()).rejects.toBeInstanceOf(InboxAuthError);
    await expect(iterate).rejects.toBeInstanceOf(InboxAuthError);
    await sleep(300);
    expect(mock.upgrades.map((u) => u.status)).toEqual([401]);
    expect(inbox.state).toBe('closed');
    expect(inbox.error).toMatchObject({ status: 401 });
    expect(inbox.error).toBeInstanceOf(AuthenticationError); // one catch for REST and inbox auth failures
    expect(inbox.error).toBeInstanceOf(InventError);
    expect(inbox.error?.message).toMatch(/inbox.connect failed with 401/);
    expect(r.of('reconnecting')).toEqual([]);
    expect(r.of('close')).toEqual([{ error: inbox.error }]);
  });

  it('a key revoked while connected (auth close code) ends the connection without reconnecting', async () => {
    inbox = connect(mock);
    await inbox.ready();
    mock.refuseAuth({ closeCode: 4401 });
    mock.dropConnections(4401, 'token revoked');
    await inbox.closed;
    expect(inbox.error).toBeInstanceOf(InboxAuthError);
    expect(inbox.error).toMatchObject({ closeCode: 4401 });
    await sleep(200);
    expect(mock.upgrades).toHaveLength(1);
  });

  it('with a standard WebSocket (no upgrade status), asks the REST inbox whether the key is refused', async () => {
    mock.refuseAuth(true);
    inbox = connect(mock, { WebSocket: StandardOnly });
    await expect(inbox.ready()).rejects.toBeInstanceOf(InboxAuthError);
    expect(inbox.error).toMatchObject({ status: 401 });
    await sleep(200);
    expect(mock.upgrades).toHaveLength(1);
    expect(mock.restRequests.map((q) => q.status)).toEqual([401]);
  });
});

describe('inbox: the global WebSocket', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is used when the runtime has one, with the key in the headers init (Node 22+, Deno, Bun)', async () => {
    const inits: unknown[] = [];
    vi.stubGlobal(
      'WebSocket',
      class extends WsWebSocket {
        constructor(url: string, init: unknown) {
          super(url, init as never);
          inits.push(init);
        }
      },
    );
    inbox = connect(mock);
    await inbox.ready();
    expect(inits).toEqual([{ headers: { Authorization: 'Bearer mock-api-key' } }]);
  });
});

describe('inbox: back-pressure', () => {
  it('a slow iterator holds at most bufferSize events (drop-oldest, reported), others are unaffected', async () => {
    inbox = connect(mock, { bufferSize: 10 });
    const r = record(inbox);
    const slow = inbox[Symbol.asyncIterator]();
    await inbox.ready();
    const sent = Array.from({ length: 100 }, (_, i) => mock.emit(message('chat_a', `m${i}`)));
    await until(() => r.events.length === 100);
    expect(inbox.stats.dropped).toBe(90);
    expect(r.of('dropped')).toHaveLength(90);
    expect(r.of('dropped')[0]).toEqual({ event: sent[0], total: 1 });
    const drained: string[] = [];
    for (let i = 0; i < 10; i++) drained.push((await slow.next()).value.id);
    expect(drained).toEqual(sent.slice(90).map((e) => e.id));
    const later = mock.emit(message('chat_a', 'later'));
    expect((await slow.next()).value.id).toBe(later.id);
  });

  it('memory stays bounded under a flood', async () => {
    inbox = connect(mock, { bufferSize: 1000, heartbeat: { intervalMs: 1000, staleAfterMs: 5000 } });
    const slow = inbox[Symbol.asyncIterator]();
    await inbox.ready();
    const total = 20_000;
    for (let i = 0; i < total; i++) mock.emit({ type: 'typing', chat_id: `chat_${i}` });
    await until(() => inbox!.stats.delivered === total, 10_000, 'the flood');
    expect(inbox.stats.dropped).toBe(total - 1000);
    let buffered = 0;
    await inbox.close(); // the iterator drains what it holds, then finishes
    for await (const _ of { [Symbol.asyncIterator]: () => slow }) buffered++;
    expect(buffered).toBe(1000);
  });
});

describe('inbox: close()', () => {
  it('during a reconnect: iterators finish, timers and sockets are gone', async () => {
    await mock.close();
    await sleep(20);
    const before = handles();
    mock = await startInboxMock();
    inbox = connect(mock, { reconnect: { initialDelayMs: 5000, maxDelayMs: 5000 } });
    const r = record(inbox);
    const iterator = inbox[Symbol.asyncIterator]();
    const pending = iterator.next();
    await inbox.ready();
    mock.dropConnections();
    await next(inbox, 'reconnecting');
    expect(inbox.state).toBe('reconnecting');
    await inbox.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(inbox.state).toBe('closed');
    expect(r.of('close')).toEqual([{}]);
    await mock.close();
    await sleep(20);
    // Nothing left behind; a timer of an earlier test may have ended meanwhile, so compare per kind.
    for (const [kind, count] of Object.entries(handles())) expect(count, kind).toBeLessThanOrEqual(before[kind] ?? 0);
    mock = await startInboxMock(); // for afterEach
  });

  it('while the socket is still opening, while open, twice, and through an AbortSignal', async () => {
    inbox = connect(mock);
    await inbox.close(); // before the socket even exists
    await inbox.close();
    expect(inbox.state).toBe('closed');
    await expect(inbox.ready()).rejects.toThrow(/closed before it opened/);

    inbox = connect(mock);
    await inbox.ready();
    await inbox.close();
    await until(() => mock.connections === 0);

    const controller = new AbortController();
    inbox = connect(mock, { signal: controller.signal });
    await inbox.ready();
    controller.abort();
    await inbox.closed;
    expect(inbox.state).toBe('closed');
  });

  it('does not wait for a silent server to answer the closing handshake', async () => {
    inbox = connect(mock, { closeTimeoutMs: 100, heartbeat: { intervalMs: 1000, staleAfterMs: 5000 } });
    await inbox.ready();
    mock.goSilent();
    const started = Date.now();
    await inbox.close();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

function eventChat(e: InboxEvent): string {
  return e.type === 'chat.created' || e.type === 'chat.updated' ? e.chat.id : e.chat_id;
}

/** Sockets, servers and timers keeping the process alive. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) {
    if (/TCP|Timeout|Immediate/.test(name)) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** `ws` behind the standard WebSocket surface only: no upgrade status, no ping, no terminate (like browsers, Node 22+, Deno). */
const StandardOnly = class {
  readonly #ws: WsWebSocket;
  constructor(url: string, init?: { headers?: Record<string, string> }) {
    this.#ws = new WsWebSocket(url, { headers: init?.headers });
    this.#ws.on('error', () => {});
  }
  get readyState() {
    return this.#ws.readyState;
  }
  set binaryType(value: string) {
    this.#ws.binaryType = value as 'arraybuffer';
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.#ws.addEventListener(type as 'open', listener as never);
  }
  close(code?: number, reason?: string) {
    this.#ws.close(code, reason);
  }
} as unknown as WebSocketConstructor;
