/**
 * A scriptable mock of Invent's inbox WebSocket (`GET /orgs/{org_id}/inbox/ws`) and of the REST inbox
 * (`GET /orgs/{org_id}/inbox`) it is reconciled against, for testing inbox consumers: yours and ours.
 *
 * ```ts
 * import { startInboxMock } from 'invent-sdk/testing';
 *
 * const mock = await startInboxMock();                       // 127.0.0.1, a free port
 * const invent = createInvent({ baseUrl: mock.url, apiKey: mock.apiKey });
 * const inbox = invent.inbox.connect();
 * await mock.waitForConnections(1);
 * mock.emit({ type: 'message', chat_id: 'chat_1', message: { id: 'msg_1', text: 'Hi' } });
 * mock.dropConnections();                                    // the network fails: the client reconnects
 * await mock.close();
 * ```
 *
 * The event format is the SDK's model (see `src/inbox/events.ts`): Invent does not document it.
 *
 * State: the mock keeps one inbox, whatever org id is asked for (`upgrades` and `restRequests` record
 * which). `emit` applies each event to the inbox's chats, as a server would, so a client that missed
 * events while disconnected finds the changed chats through the REST inbox.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { importPeer } from './peer.js';
import { epochNow } from '../internal/clock.js';

/** Options of `startInboxMock()`. */
export interface InboxMockOptions {
  /** The API key the mock accepts as `Authorization: Bearer <key>`. Default `'mock-api-key'`. */
  apiKey?: string;
  /** The inbox's chats at start (see `setInboxChats`). */
  chats?: InboxMockChat[];
  /**
   * The mock's clock relative to this machine's, in ms (event and chat times, the REST `Date` header):
   * `-30_000` plays a server 30 s behind, i.e. a client 30 s ahead. Default 0.
   */
  clockOffsetMs?: number;
}

/** A chat in the mock's REST inbox. Listed newest activity (`updated_at`, else `created_at`) first. */
export interface InboxMockChat {
  /** The chat's id (`chat_...`). */
  id: string;
  /** When it was created (ISO 8601). */
  created_at?: string;
  /** When it last changed (ISO 8601): the REST inbox lists the most recent first. */
  updated_at?: string;
  [key: string]: unknown;
}

/** One upgrade request the mock received. */
export interface InboxMockUpgrade {
  /** The request path as sent, still percent-encoded. */
  path: string;
  /** The org id from the path, decoded. */
  orgId: string;
  authorization: string | undefined;
  /** The HTTP status answered: 101 when upgraded. */
  status: number;
}

/** One REST inbox request the mock answered. */
export interface InboxMockRestRequest {
  orgId: string;
  page: number;
  take: number;
  status: number;
}

/** A running inbox mock (see `startInboxMock`). */
export interface InboxMock {
  /** The base URL to give the SDK (`createInvent({ baseUrl })` or `connectInbox({ baseUrl })`): `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The API key the mock accepts. */
  readonly apiKey: string;
  /** Sockets open now. */
  readonly connections: number;
  /** Every upgrade request, in order. */
  readonly upgrades: readonly InboxMockUpgrade[];
  /** Every REST inbox request, in order. */
  readonly restRequests: readonly InboxMockRestRequest[];
  /** The inbox's chats, newest activity first (copies). */
  readonly inboxChats: InboxMockChat[];
  /**
   * Sends an event to every open, non-silent socket (of `orgId` only, if given) and applies it to the
   * inbox's chats. Fills in `id` (`evt_...`) and `created_at` (strictly increasing) when absent.
   * Events sent while no socket is open, or only silent ones, are lost to the sockets, as on a real
   * network: the REST inbox still reflects them. Returns the event as sent.
   */
  emit<
    E extends {
      /** The event type (`message`, `chat.updated`, ...). */
      type: string;
    },
  >(
    event: E,
    options?: { orgId?: string },
  ): E & {
    /** The event's id (filled in as `evt_...` when absent). */
    id: string;
    /** When it happened (filled in, strictly increasing, when absent). */
    created_at: string;
  };
  /** Sends a frame exactly as given (garbage, unknown types, binary) to every open, non-silent socket. */
  emitRaw(frame: string | Uint8Array): void;
  /**
   * Ends every open socket. Without a code the TCP connection is destroyed (the client sees 1006, an
   * abnormal close); with one (1000, 1001, 1011, 1012, 3000-4999) the server closes with it.
   */
  dropConnections(code?: number, reason?: string): void;
  /**
   * The sockets open now go silent, like a half-open TCP connection: no frames (what `emit` sends them
   * is lost) and no pongs, for `ms` or until `resume()`. Sockets opened later are not silent.
   */
  goSilent(ms?: number): void;
  /** Ends the silence. Frames lost meanwhile are not replayed. */
  resume(): void;
  /**
   * Refuses the API key: `true` answers upgrades (and REST calls) with 401; `{ closeCode }` accepts the
   * upgrade, then closes the socket with that code (e.g. 4401); `false` restores normal service.
   */
  refuseAuth(on: boolean | { closeCode: number }): void;
  /** Answers upgrades with `status` (and an optional `Retry-After`) until called with `false`. */
  refuseUpgrades(status: number | false, options?: { retryAfter?: string }): void;
  /** Replaces the REST inbox's chats. */
  setInboxChats(chats: InboxMockChat[]): void;
  /** Resolves when at least `count` sockets are open; rejects after `timeoutMs` (default 5,000). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

interface Client {
  ws: WebSocket;
  orgId: string;
}

const UPGRADE_PATH = /^\/orgs\/([^/]+)\/inbox\/ws$/;
const INBOX_PATH = /^\/orgs\/([^/]+)\/inbox$/;

function activity(chat: InboxMockChat): number {
  const t = Date.parse(String(chat.updated_at ?? chat.created_at ?? ''));
  return Number.isNaN(t) ? 0 : t;
}

/** Starts the inbox mock on 127.0.0.1, on a free port. */
export async function startInboxMock(options: InboxMockOptions = {}): Promise<InboxMock> {
  const apiKey = options.apiKey ?? 'mock-api-key';
  const clients = new Set<Client>();
  const silent = new Set<WebSocket>();
  const upgrades: InboxMockUpgrade[] = [];
  const restRequests: InboxMockRestRequest[] = [];
  const chats = new Map<string, InboxMockChat>();
  const waiters = new Set<() => void>();
  let authMode: boolean | { closeCode: number } = false;
  let refusal: { status: number; retryAfter?: string } | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let eventCounter = 0;
  let lastTime = 0;

  const clockOffsetMs = options.clockOffsetMs ?? 0;
  const now = () => (lastTime = Math.max(epochNow() + clockOffsetMs, lastTime + 1));
  const openClients = () => [...clients].filter((c) => c.ws.readyState === c.ws.OPEN);
  const notify = () => waiters.forEach((w) => w());
  const authorized = (header: string | undefined) => authMode === false && header === `Bearer ${apiKey}`;
  const decode = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  for (const chat of options.chats ?? []) chats.set(chat.id, { ...chat });

  // `ws` is an optional peer dependency: imported here, so `invent-sdk/testing` loads without it.
  const { WebSocketServer } = await importPeer('The inbox mock (startInboxMock)', ['ws'], () => import('ws'));
  const wss = new WebSocketServer({ noServer: true, autoPong: false });

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', Date: new Date(epochNow() + clockOffsetMs).toUTCString(), ...headers });
    res.end(JSON.stringify(body));
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const match = INBOX_PATH.exec(url.pathname);
    if (req.method !== 'GET' || !match) return json(res, 404, { statusCode: 404, message: 'Not Found' });
    const orgId = decode(match[1]!);
    const page = Number(url.searchParams.get('page') ?? 1);
    const take = Number(url.searchParams.get('take') ?? 100);
    const record = (status: number) => restRequests.push({ orgId, page, take, status });
    if (!authorized(req.headers.authorization)) {
      record(401);
      return json(res, 401, { statusCode: 401, message: 'Unauthorized' });
    }
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(take) || take < 1 || take > 100) {
      record(400);
      return json(res, 400, { statusCode: 400, message: ['page must be >= 1', 'take must be 1..100'] });
    }
    const sorted = [...chats.values()].sort((a, b) => activity(b) - activity(a));
    record(200);
    json(res, 200, sorted.slice((page - 1) * take, page * take), {
      'pagination-count': String(sorted.length),
      'pagination-page': String(page),
      'pagination-take': String(take),
    });
  });

  function refuse(socket: Duplex, status: number, headers: Record<string, string> = {}) {
    const body = JSON.stringify({ statusCode: status, message: status === 401 ? 'Unauthorized' : 'Refused' });
    const lines = [
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Error'}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const match = UPGRADE_PATH.exec(path);
    const orgId = match ? decode(match[1]!) : '';
    const authorization = req.headers.authorization;
    const answer = (status: number) => upgrades.push({ path, orgId, authorization, status });
    socket.on('error', () => {});
    if (!match) {
      answer(404);
      return refuse(socket, 404);
    }
    if (refusal) {
      answer(refusal.status);
      return refuse(socket, refusal.status, refusal.retryAfter ? { 'Retry-After': refusal.retryAfter } : {});
    }
    const closeCode = typeof authMode === 'object' ? authMode.closeCode : undefined;
    if (closeCode === undefined && !authorized(authorization)) {
      answer(401);
      return refuse(socket, 401);
    }
    answer(101);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closeCode !== undefined) {
        ws.close(closeCode, 'unauthorized');
        return;
      }
      const client: Client = { ws, orgId };
      clients.add(client);
      ws.on('ping', (data) => {
        if (!silent.has(ws)) ws.pong(data);
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        clients.delete(client);
        silent.delete(ws);
        notify();
      });
      notify();
    });
  });

  function send(frame: string | Uint8Array, orgId?: string) {
    for (const client of openClients()) {
      if (silent.has(client.ws) || (orgId !== undefined && client.orgId !== orgId)) continue;
      client.ws.send(frame);
    }
  }

  function apply(event: Record<string, unknown>, at: string) {
    const chatId = typeof event.chat_id === 'string' ? event.chat_id : undefined;
    const chat = typeof event.chat === 'object' && event.chat !== null ? (event.chat as InboxMockChat) : undefined;
    switch (event.type) {
      case 'message':
      case 'message.updated':
      case 'message.deleted':
        if (chatId) chats.set(chatId, { ...(chats.get(chatId) ?? { id: chatId, created_at: at }), updated_at: at });
        break;
      case 'chat.created':
      case 'chat.updated':
        if (chat?.id) chats.set(chat.id, { created_at: at, ...chats.get(chat.id), ...chat });
        break;
      case 'chat.deleted':
        if (chatId) chats.delete(chatId);
        break;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  const mock: InboxMock = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    get connections() {
      return openClients().length;
    },
    upgrades,
    restRequests,
    get inboxChats() {
      return [...chats.values()].sort((a, b) => activity(b) - activity(a)).map((c) => ({ ...c }));
    },
    emit(event, emitOptions = {}) {
      const at = new Date(now()).toISOString();
      const filled = { ...event } as Record<string, unknown>;
      filled.id ??= `evt_${String(++eventCounter).padStart(6, '0')}`;
      filled.created_at ??= at;
      const time = String(filled.created_at);
      if ((filled.type === 'chat.created' || filled.type === 'chat.updated') && typeof filled.chat === 'object' && filled.chat !== null) {
        filled.chat = { ...(filled.chat as object), updated_at: (filled.chat as InboxMockChat).updated_at ?? time };
      }
      apply(filled, time);
      send(JSON.stringify(filled), emitOptions.orgId);
      return filled as never;
    },
    emitRaw(frame) {
      send(frame);
    },
    dropConnections(code, reason) {
      for (const client of clients) {
        if (code === undefined) client.ws.terminate();
        else client.ws.close(code, reason);
      }
    },
    goSilent(ms) {
      for (const client of openClients()) silent.add(client.ws);
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = ms === undefined ? undefined : setTimeout(() => mock.resume(), ms);
    },
    resume() {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = undefined;
      silent.clear();
    },
    refuseAuth(on) {
      authMode = on;
    },
    refuseUpgrades(status, refuseOptions = {}) {
      refusal = status === false ? undefined : { status, retryAfter: refuseOptions.retryAfter };
    },
    setInboxChats(list) {
      chats.clear();
      for (const chat of list) chats.set(chat.id, { ...chat });
    },
    waitForConnections(count, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (openClients().length < count) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`inbox mock: ${openClients().length} of ${count} connections after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      mock.resume();
      for (const client of clients) client.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return mock;
}
