/**
 * The inbox in real time: a WebSocket client for `GET /orgs/{org_id}/inbox/ws` that survives a bad
 * network. One connection object lives across any number of sockets:
 *
 *   connecting -> open -> (socket lost) -> reconnecting -> open -> ... -> closed
 *
 * - Reconnects by itself, with jittered exponential backoff, after an abnormal close, a refused upgrade
 *   that may pass (408, 429, 5xx), a connect timeout, or silence (no frame or pong for `staleAfterMs`).
 *   Never after `close()` or an authentication failure (`InboxAuthError`, fatal).
 * - After a reconnect it reconciles through the REST inbox (`listInboxChats`): chats whose activity is
 *   newer than the cutoff, the server's time when the client was last in sync (./reconcile-cutoff.ts),
 *   are emitted as `chat.updated` events with `reconciled: true`,
 *   de-duplicated against what was delivered. Live events that arrive meanwhile are held and delivered
 *   right after, so missed changes come first.
 * - Each async iterator has a bounded buffer (drop-oldest, reported as `dropped`).
 * - `close()` stops timers, sockets and iterators; nothing is left to keep the process alive.
 */
import { InventConfigError, type InventError } from '../errors.js';
import { InboxAuthError, InboxConnectionError, InboxEventError, InboxListenerError, InboxReconcileError } from './errors.js';
import {
  chatActivityTime,
  dedupKey,
  eventChatId,
  eventTime,
  InboxChatSchema,
  parseFrame,
  type InboxChat,
  type InboxEvent,
  type InboxEventOf,
  type InboxEventType,
} from './events.js';
import { BoundedMap, BoundedSet, EventQueue } from './queue.js';
import {
  frameText,
  isBrowserLike,
  loadWebSocket,
  NO_WEBSOCKET,
  parseRetryAfter,
  type SocketLike,
  type WebSocketConstructor,
} from './socket.js';
import { inboxSocketUrl } from './url.js';
import { type Cutoff, ReconcileCutoff } from './reconcile-cutoff.js';

// For `inbox.connect()` (./attach.ts), which loads this module lazily.
export { serverDate } from './reconcile-cutoff.js';
export { requireWebSocket } from './socket.js';

/** What `connectInbox` needs from the client it belongs to. `invent.inbox.connect` fills these in. */
export interface InboxDeps {
  /** The client's base URL (`https://api.useinvent.com`); `https` becomes `wss`, `http` (local hosts only) `ws`. */
  baseUrl: string;
  /** The client's API key, sent as `Authorization: Bearer <key>` on the upgrade. */
  apiKey: string | undefined;
  /** The client's organization, used unless the options name another. */
  orgId: string;
  /**
   * One page of `GET /orgs/{org_id}/inbox` (getOrgInboxChats), for reconciliation after a reconnect.
   * Should reject with an error carrying `status` (an InventApiError) on an error response.
   * `serverTime` is the answer's `Date` header in ms: the server's clock, which the cutoff is taken on.
   */
  listInboxChats(args: {
    orgId: string;
    page: number;
    take: number;
    signal?: AbortSignal;
  }): Promise<{ items: unknown[]; serverTime?: number }>;
}

export interface InboxHeartbeatOptions {
  /** How often to check for silence and, with `ws`, send a ping. Default 10,000 ms. */
  intervalMs?: number;
  /**
   * A socket that has received no frame and no pong for this long is treated as dead: it is dropped and
   * the client reconnects. Detected within `staleAfterMs + intervalMs`. Default 30,000 ms. With a
   * standard WebSocket (no pings: Node 22+, Deno, Bun, browsers) only frames count, so a quiet inbox
   * also reconnects after this long: harmless (reconciliation finds nothing) but raise it if it bothers you.
   */
  staleAfterMs?: number;
}

export interface InboxReconnectOptions {
  /** First delay, before jitter. Default 500 ms. */
  initialDelayMs?: number;
  /** Largest delay, before jitter. Default 30,000 ms. */
  maxDelayMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Consecutive failed attempts before giving up with an InboxConnectionError. Default Infinity. */
  maxAttempts?: number;
  /** A socket that stays open this long resets the attempt count. Default 10,000 ms. */
  resetAfterMs?: number;
}

export interface InboxReconcileOptions {
  /** Page size for `listInboxChats`. Default 100 (the API's maximum). */
  take?: number;
  /** The walk stops after this many pages; beyond it, a `truncated` reconciliation is reported. Default 10. */
  maxPages?: number;
  /** Taken off the cutoff (a server time) as a margin for in-flight changes; repeats are de-duplicated. Default 2,000 ms. */
  overlapMs?: number;
  /** For the whole walk. Default 15,000 ms. */
  timeoutMs?: number;
  /** A failed reconciliation is retried this many times (backoff as for reconnects), then reported as lost. Default 3. */
  retries?: number;
}

/** Options of `invent.inbox.connect(options)`. */
export interface InboxConnectOptions {
  /** The organization whose inbox to stream. Default: the client's. */
  orgId?: string;
  /**
   * `'header'` (default): the API key goes in an `Authorization: Bearer` header, which browsers'
   * WebSocket cannot send: in a browser, `connectInbox` throws an InventConfigError (an API key grants
   * full access to the organization and must not ship to browsers anyway). `'none'`: no credentials,
   * for a same-origin proxy that authenticates the page and adds the header itself (point `baseUrl` at it).
   */
  auth?: 'header' | 'none';
  /** A WebSocket constructor to use instead of the global one or `ws` (e.g. `ws`'s on Node 22+, to get pings). */
  WebSocket?: WebSocketConstructor;
  /** Each async iterator buffers at most this many unread events; then the oldest is dropped. Default 1,000. */
  bufferSize?: number;
  /** How many event keys and chat times are remembered for de-duplication. Default 10,000. */
  dedupSize?: number;
  /** How a silent connection is detected (pings where the WebSocket has them, else a silence timeout). */
  heartbeat?: InboxHeartbeatOptions;
  /** `false`: a lost socket ends the connection with an InboxConnectionError. */
  reconnect?: InboxReconnectOptions | false;
  /** `false`: no REST reconciliation after a reconnect (events sent while the socket was down are lost). */
  reconcile?: InboxReconcileOptions | false;
  /** A socket not open after this long is dropped and retried. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** `close()` waits this long for the closing handshake, then cuts the socket. Default 1,000 ms. */
  closeTimeoutMs?: number;
  /** Close codes that mean "not authorized" (fatal, no reconnect). Default [4001, 4003, 4401, 4403]. */
  authCloseCodes?: number[];
  /** Aborting it closes the connection. */
  signal?: AbortSignal;
}

/** Why a socket was lost. */
export type InboxDisconnect =
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'upgrade-refused'; status: number }
  | { kind: 'stale'; silentMs: number }
  | { kind: 'connect-timeout'; timeoutMs: number };

/** A well-formed frame whose `type` the SDK's model does not know. */
export interface InboxUnknownFrame {
  type: string;
  data: Record<string, unknown>;
}

export interface InboxReconcileInfo {
  /** The cutoff: chats with activity after this were checked (ISO time). */
  since: string;
  /** Pages read. */
  pages: number;
  /** `chat.updated` events emitted with `reconciled: true`. */
  emitted: number;
  /** True when `maxPages` was reached with chats still newer than the cutoff: older changes may be missing. */
  truncated: boolean;
  /**
   * Set when the cutoff may be off: an event time ahead of the server's clock (ignored), or no server
   * time in the REST answer. Says what was done about it.
   */
  warning?: string;
}

/** Where a connection is: opening its first socket, open, between sockets, or ended. */
export type InboxState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Counters of a connection (`inbox.stats`). */
export interface InboxStats {
  /** Frames received. */
  received: number;
  /** Events delivered (live and reconciled). */
  delivered: number;
  /** Events delivered from REST reconciliation. */
  reconciled: number;
  /** Events not delivered because they had been already. */
  duplicates: number;
  /** Events dropped from full iterator buffers (summed over iterators). */
  dropped: number;
  /** Frames reported to `error` (not JSON, no type, missing ids) or `unknown`. */
  rejected: number;
  /** Successful reconnects. */
  reconnects: number;
}

/** What each listener receives. */
export type InboxListenerMap = { [T in InboxEventType]: InboxEventOf<T> } & {
  /** Every event of the SDK's model, live or reconciled. */
  event: InboxEvent;
  /** A frame of a type the SDK's model does not know. */
  unknown: InboxUnknownFrame;
  /** InboxEventError (bad frame), InboxReconcileError, InboxListenerError; and the fatal InboxAuthError / InboxConnectionError, followed by `close`. */
  error: InventError;
  /** The first socket opened. */
  open: { url: string };
  /** A socket was lost; the next attempt starts in `delayMs`. */
  reconnecting: { attempt: number; delayMs: number; reason: InboxDisconnect };
  /** A socket opened again after `downtimeMs`; reconciliation starts now. */
  reconnected: { attempt: number; downtimeMs: number };
  /** Reconciliation finished. */
  reconciled: InboxReconcileInfo;
  /** An iterator's buffer was full: `event` was dropped from it. */
  dropped: { event: InboxEvent; total: number };
  /** The connection ended: after `close()` (no error) or a fatal error. */
  close: { error?: InventError };
};

export type InboxListener<K extends keyof InboxListenerMap> = (payload: InboxListenerMap[K]) => void;

/** A live inbox: an async iterable of events, typed listeners, and `close()`. */
export interface InboxConnection extends AsyncIterable<InboxEvent> {
  /** The WebSocket URL (`wss://.../orgs/{org_id}/inbox/ws`). */
  readonly url: string;
  /** The organization whose inbox this is. */
  readonly orgId: string;
  /** Where the connection is now. */
  readonly state: InboxState;
  /** A copy of the counters. */
  readonly stats: InboxStats;
  /** The fatal error that ended the connection, if one did. */
  readonly error: InventError | undefined;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): () => void;
  /** Removes a listener added with `on`. */
  off<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void;
  /** Resolves when the first socket opens; rejects with the fatal error, or if closed before. */
  ready(): Promise<void>;
  /** Ends everything (timers, socket, iterators, which finish after draining their buffers). Idempotent. */
  close(): Promise<void>;
  /** Resolves once the connection has ended, for whatever reason. */
  readonly closed: Promise<void>;
  /** Every event, live and reconciled, in order (each iterator has its own bounded buffer). */
  [Symbol.asyncIterator](): AsyncIterableIterator<InboxEvent>;
}

type Timer = ReturnType<typeof setTimeout>;

interface SocketContext {
  socket: SocketLike;
  opened: boolean;
  done: boolean;
  lastActivity: number;
  lastTick: number;
  status?: number;
  headers?: Headers;
  retryAfterMs?: number;
  connectTimer?: Timer;
  heartbeat?: ReturnType<typeof setInterval>;
  stableTimer?: Timer;
  hasWsExtras: boolean;
}

const DEFAULT_AUTH_CLOSE_CODES = [4001, 4003, 4401, 4403];

/**
 * Opens the inbox of `options.orgId ?? deps.orgId` and keeps it open until `close()`. Returns at once;
 * the socket opens in the background (`await inbox.ready()` to wait for it).
 *
 * @throws InventConfigError without an API key (with `auth: 'header'`), or in a browser with `auth: 'header'`.
 * @throws InventValidationError for an org id that cannot be a path segment (`''`, `.`, `..`).
 */
export function connectInbox(deps: InboxDeps, options: InboxConnectOptions = {}): InboxConnection {
  const orgId = options.orgId ?? deps.orgId;
  const url = inboxSocketUrl(deps.baseUrl, orgId);
  const auth = options.auth ?? 'header';
  if (auth === 'header') {
    if (!deps.apiKey) {
      throw new InventConfigError(
        'no API key for the inbox WebSocket: pass apiKey to createInvent() or set the INVENT_API_KEY environment variable',
      );
    }
    if (!options.WebSocket && isBrowserLike()) {
      throw new InventConfigError(
        "the inbox WebSocket sends the API key in an Authorization header, which a browser's WebSocket cannot send; " +
          'an API key grants full access to the organization and must not ship to browsers: connect from a server and relay ' +
          "the events, or point baseUrl at a same-origin proxy that adds the header and pass { auth: 'none' }",
      );
    }
  }
  return new Connection(deps, options, orgId, url);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0))
    throw new InventConfigError(`inbox option ${name} must be a positive number, got ${String(value)}`);
  return value;
}

/** An ISO time; the epoch for a cutoff of -Infinity (every chat). */
function isoOrEpoch(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

/** The newest activity time among listed chats. */
function newestActivity(items: unknown[]): number | undefined {
  let newest: number | undefined;
  for (const item of items) {
    const at = chatActivityTime(item);
    if (at !== undefined && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `promise`, or a rejection as soon as `signal` aborts, for a `listInboxChats` that ignores its signal. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
  }
  return headers;
}

function describe(reason: InboxDisconnect): string {
  switch (reason.kind) {
    case 'close':
      return `closed with code ${reason.code}${reason.reason ? ` (${reason.reason})` : ''}`;
    case 'upgrade-refused':
      return `upgrade refused with HTTP ${reason.status}`;
    case 'stale':
      return `silent for ${reason.silentMs} ms`;
    case 'connect-timeout':
      return `not open after ${reason.timeoutMs} ms`;
  }
}

class Connection implements InboxConnection {
  readonly url: string;
  readonly orgId: string;

  readonly #deps: InboxDeps;
  readonly #options: InboxConnectOptions;
  readonly #bufferSize: number;
  readonly #heartbeat: Required<InboxHeartbeatOptions>;
  readonly #reconnect: Required<InboxReconnectOptions> | false;
  readonly #reconcileOptions: Required<InboxReconcileOptions> | false;
  readonly #connectTimeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #authCloseCodes: number[];

  #state: InboxState = 'connecting';
  #error: InventError | undefined;
  #closing = false;
  #current: SocketContext | undefined;
  #attempt = 0;
  #reconnectTimer: Timer | undefined;
  #closeGraceTimer: Timer | undefined;
  #probe: AbortController | undefined;

  readonly #listeners = new Map<string, Set<(payload: any) => void>>();
  readonly #queues = new Set<EventQueue<InboxEvent>>();
  readonly #stats: InboxStats = { received: 0, delivered: 0, reconciled: 0, duplicates: 0, dropped: 0, rejected: 0, reconnects: 0 };

  // De-duplication and reconciliation state.
  readonly #seenKeys: BoundedSet;
  readonly #chatSeen: BoundedMap<number>;
  /** The reconciliation cutoff, on the server's clock (see ./reconcile-cutoff.ts). */
  readonly #cutoff = new ReconcileCutoff(() => performance.now());
  #firstOpenAt: number | undefined;
  #downSince: number | undefined;
  /** The cutoff of the reconciliation still owed: set when an open socket is lost, cleared when a reconciliation succeeds. */
  #reconcileRun: AbortController | undefined;
  #reconcileRetryTimer: Timer | undefined;
  #reconcileFailures = 0;
  /** Live events held while a reconciliation runs, delivered right after it. */
  #held: InboxEvent[] | undefined;

  readonly #ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: unknown) => void;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;
  readonly #onAbort = () => void this.close();

  constructor(deps: InboxDeps, options: InboxConnectOptions, orgId: string, url: string) {
    this.#deps = deps;
    this.#options = options;
    this.orgId = orgId;
    this.url = url;
    this.#bufferSize = positive(options.bufferSize, 1000, 'bufferSize');
    this.#seenKeys = new BoundedSet(positive(options.dedupSize, 10_000, 'dedupSize'));
    this.#chatSeen = new BoundedMap(positive(options.dedupSize, 10_000, 'dedupSize'));
    this.#heartbeat = {
      intervalMs: positive(options.heartbeat?.intervalMs, 10_000, 'heartbeat.intervalMs'),
      staleAfterMs: positive(options.heartbeat?.staleAfterMs, 30_000, 'heartbeat.staleAfterMs'),
    };
    const r = options.reconnect;
    this.#reconnect =
      r === false
        ? false
        : {
            initialDelayMs: positive(r?.initialDelayMs, 500, 'reconnect.initialDelayMs'),
            maxDelayMs: positive(r?.maxDelayMs, 30_000, 'reconnect.maxDelayMs'),
            factor: positive(r?.factor, 2, 'reconnect.factor'),
            maxAttempts: positive(r?.maxAttempts, Infinity, 'reconnect.maxAttempts'),
            resetAfterMs: positive(r?.resetAfterMs, 10_000, 'reconnect.resetAfterMs'),
          };
    const c = options.reconcile;
    this.#reconcileOptions =
      c === false
        ? false
        : {
            take: Math.min(100, Math.floor(positive(c?.take, 100, 'reconcile.take'))),
            maxPages: Math.floor(positive(c?.maxPages, 10, 'reconcile.maxPages')),
            overlapMs: c?.overlapMs ?? 2000,
            timeoutMs: positive(c?.timeoutMs, 15_000, 'reconcile.timeoutMs'),
            retries: c?.retries ?? 3,
          };
    this.#connectTimeoutMs = positive(options.connectTimeoutMs, 10_000, 'connectTimeoutMs');
    this.#closeTimeoutMs = positive(options.closeTimeoutMs, 1000, 'closeTimeoutMs');
    this.#authCloseCodes = options.authCloseCodes ?? DEFAULT_AUTH_CLOSE_CODES;

    this.#ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {}); // rejections are for whoever awaits ready(); never unhandled
    this.closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve));

    if (options.signal?.aborted) {
      queueMicrotask(() => void this.close());
    } else {
      options.signal?.addEventListener('abort', this.#onAbort, { once: true });
      void this.#open();
    }
  }

  get state(): InboxState {
    return this.#state;
  }

  get stats(): InboxStats {
    return { ...this.#stats };
  }

  get error(): InventError | undefined {
    return this.#error;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  on<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => this.off(type, listener);
  }

  off<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void {
    this.#listeners.get(type)?.delete(listener);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<InboxEvent> {
    const queue: EventQueue<InboxEvent> = new EventQueue<InboxEvent>(
      this.#bufferSize,
      (event) => {
        this.#stats.dropped++;
        this.#emit('dropped', { event, total: this.#stats.dropped });
      },
      (q) => this.#queues.delete(q),
    );
    if (this.#state === 'closed') queue.end(this.#error);
    else this.#queues.add(queue);
    return queue;
  }

  close(): Promise<void> {
    if (this.#state === 'closed') return this.closed;
    this.#closing = true;
    this.#state = 'closed';
    this.#stopTimers();
    this.#stopReconcile();
    this.#rejectReady(new InboxConnectionError('the inbox connection was closed before it opened'));
    for (const queue of this.#queues) queue.end();
    this.#queues.clear();
    const ctx = this.#current;
    if (!ctx || ctx.done) {
      this.#finish();
    } else {
      this.#clearSocketTimers(ctx);
      try {
        if (!ctx.opened && ctx.socket.terminate) ctx.socket.terminate();
        else ctx.socket.close(1000, 'client closed');
      } catch {
        // a socket that cannot be closed is dropped below
      }
      this.#closeGraceTimer = setTimeout(() => {
        this.#closeGraceTimer = undefined;
        if (ctx.done) return;
        try {
          ctx.socket.terminate?.();
        } catch {
          // ignore
        }
        ctx.done = true;
        this.#finish();
      }, this.#closeTimeoutMs);
    }
    return this.closed;
  }

  // --- sockets ---------------------------------------------------------------------------------

  async #open(): Promise<void> {
    let Ctor: WebSocketConstructor;
    try {
      Ctor = await loadWebSocket(this.#options.WebSocket);
    } catch (cause) {
      this.#fail(new InboxConnectionError(NO_WEBSOCKET, { cause }));
      return;
    }
    if (this.#state === 'closed') return;
    let socket: SocketLike;
    try {
      socket =
        (this.#options.auth ?? 'header') === 'header'
          ? new Ctor(this.url, { headers: { Authorization: `Bearer ${this.#deps.apiKey}` } })
          : new Ctor(this.url);
    } catch (cause) {
      this.#fail(new InboxConnectionError(`could not open a WebSocket to ${this.url}`, { cause }));
      return;
    }
    const ctx: SocketContext = {
      socket,
      opened: false,
      done: false,
      lastActivity: Date.now(),
      lastTick: 0,
      hasWsExtras: typeof socket.on === 'function' && typeof socket.ping === 'function',
    };
    this.#current = ctx;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // not settable: frames are decoded whatever their type
    }
    socket.addEventListener('open', () => this.#onOpen(ctx));
    socket.addEventListener('message', (event: { data: unknown }) => this.#onMessage(ctx, event.data));
    socket.addEventListener('error', () => {
      // Always followed by `close`, where the outcome is decided.
    });
    socket.addEventListener('close', (event: { code?: number; reason?: string }) =>
      this.#onClose(ctx, event.code ?? 1006, event.reason ?? ''),
    );
    if (ctx.hasWsExtras) {
      socket.on!('pong', () => {
        ctx.lastActivity = Date.now();
      });
      socket.on!(
        'unexpected-response',
        (_request: unknown, response: { statusCode?: number; headers?: Record<string, unknown>; resume?: () => void }) => {
          ctx.status = response.statusCode;
          ctx.headers = toHeaders(response.headers);
          ctx.retryAfterMs = parseRetryAfter(response.headers?.['retry-after']);
          response.resume?.();
          socket.terminate?.();
        },
      );
    }
    ctx.connectTimer = setTimeout(() => {
      ctx.connectTimer = undefined;
      if (ctx !== this.#current || ctx.opened) return;
      this.#lose(ctx, { kind: 'connect-timeout', timeoutMs: this.#connectTimeoutMs });
    }, this.#connectTimeoutMs);
  }

  #onOpen(ctx: SocketContext): void {
    if (ctx !== this.#current || ctx.done) return;
    ctx.opened = true;
    ctx.lastActivity = ctx.lastTick = Date.now();
    if (ctx.connectTimer) clearTimeout(ctx.connectTimer);
    ctx.connectTimer = undefined;
    ctx.heartbeat = setInterval(() => this.#tick(ctx), this.#heartbeat.intervalMs);
    if (this.#reconnect) {
      ctx.stableTimer = setTimeout(() => {
        ctx.stableTimer = undefined;
        this.#attempt = 0;
      }, this.#reconnect.resetAfterMs);
    }
    this.#state = 'open';
    this.#cutoff.synced();
    if (this.#firstOpenAt === undefined) {
      this.#firstOpenAt = Date.now();
      this.#resolveReady();
      this.#emit('open', { url: this.url });
      return;
    }
    this.#stats.reconnects++;
    const downtimeMs = this.#downSince === undefined ? 0 : Date.now() - this.#downSince;
    this.#downSince = undefined;
    this.#emit('reconnected', { attempt: this.#attempt, downtimeMs });
    if (this.#state !== 'open' || ctx !== this.#current) return; // a listener closed it
    if (this.#cutoff.owed && this.#reconcileOptions) void this.#reconcile(true);
  }

  #onMessage(ctx: SocketContext, data: unknown): void {
    if (ctx !== this.#current || ctx.done) return;
    ctx.lastActivity = Date.now();
    this.#cutoff.synced();
    this.#stats.received++;
    const text = frameText(data);
    if (typeof text === 'string') this.#onFrame(text);
    else {
      text.then(
        (t) => ctx === this.#current && this.#onFrame(t),
        (cause) =>
          this.#emit(
            'error',
            new InboxEventError(`an inbox frame could not be read: ${String(cause)}`, { reason: 'invalid-event', frame: '' }),
          ),
      );
    }
  }

  #onFrame(text: string): void {
    const parsed = parseFrame(text);
    if (parsed.kind === 'invalid') {
      this.#stats.rejected++;
      this.#emit('error', new InboxEventError(parsed.message, { reason: parsed.reason, frame: text, data: parsed.data }));
    } else if (parsed.kind === 'unknown') {
      this.#stats.rejected++;
      this.#emit('unknown', { type: parsed.type, data: parsed.data });
    } else if (this.#held) {
      this.#held.push(parsed.event);
      if (this.#held.length > this.#bufferSize) {
        const event = this.#held.shift()!;
        this.#stats.dropped++;
        this.#emit('dropped', { event, total: this.#stats.dropped });
      }
    } else {
      this.#deliver(parsed.event);
    }
  }

  #tick(ctx: SocketContext): void {
    if (ctx !== this.#current || ctx.done) return;
    const now = Date.now();
    // A tick that fires a whole interval late means this process's event loop was blocked: frames may be
    // waiting unread in the socket, so silence is not judged on this tick (it is on the next one).
    const stalled = now - ctx.lastTick > 2 * this.#heartbeat.intervalMs;
    ctx.lastTick = now;
    const silentMs = now - ctx.lastActivity;
    if (silentMs >= this.#heartbeat.staleAfterMs && !stalled) {
      this.#lose(ctx, { kind: 'stale', silentMs });
      return;
    }
    try {
      ctx.socket.ping?.();
    } catch {
      // a socket that cannot ping is about to close
    }
  }

  #onClose(ctx: SocketContext, code: number, reason: string): void {
    if (ctx.done) return;
    ctx.done = true;
    this.#clearSocketTimers(ctx);
    if (this.#closing) {
      if (this.#current === ctx) this.#finish();
      return;
    }
    if (ctx !== this.#current) return;
    this.#current = undefined;
    this.#noteLoss(ctx);

    const status = ctx.status;
    if (status === 401 || status === 403) {
      this.#fail(
        new InboxAuthError(`the inbox WebSocket upgrade was refused: check the API key and its access to organization ${this.orgId}`, {
          status,
          headers: ctx.headers,
        }),
      );
      return;
    }
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      this.#fail(new InboxConnectionError(`the inbox WebSocket upgrade for ${this.url} was refused with HTTP ${status}`, { status }));
      return;
    }
    if (this.#authCloseCodes.includes(code)) {
      this.#fail(
        new InboxAuthError(`the inbox WebSocket was closed for authorization (close code ${code}${reason ? `: ${reason}` : ''})`, {
          closeCode: code,
        }),
      );
      return;
    }
    const disconnect: InboxDisconnect = status !== undefined ? { kind: 'upgrade-refused', status } : { kind: 'close', code, reason };
    if (!ctx.opened && status === undefined && !ctx.hasWsExtras) {
      // A standard WebSocket hides the upgrade's status: ask the REST inbox whether the key is refused.
      void this.#probeAuth().then((authError) => {
        if (this.#state === 'closed' || this.#current) return;
        if (authError) this.#fail(authError);
        else this.#scheduleReconnect(disconnect);
      });
      return;
    }
    this.#scheduleReconnect(disconnect, ctx.retryAfterMs);
  }

  /** Drops a socket the client gave up on (stale, connect timeout) and reconnects without waiting for its close. */
  #lose(ctx: SocketContext, reason: InboxDisconnect): void {
    ctx.done = true;
    this.#clearSocketTimers(ctx);
    this.#current = undefined;
    try {
      if (ctx.socket.terminate) ctx.socket.terminate();
      else ctx.socket.close(4000, reason.kind);
    } catch {
      // already gone
    }
    this.#noteLoss(ctx);
    this.#scheduleReconnect(reason);
  }

  /** An open socket was lost: remember since when, and what reconciliation is owed. */
  #noteLoss(ctx: SocketContext): void {
    if (!ctx.opened) return;
    this.#downSince ??= Date.now();
    this.#stopReconcile();
    if (this.#reconcileOptions) this.#cutoff.lost();
  }

  async #probeAuth(): Promise<InboxAuthError | undefined> {
    const probe = new AbortController();
    this.#probe = probe;
    const timer = setTimeout(() => probe.abort(), this.#connectTimeoutMs);
    probe.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    try {
      await untilAborted(this.#deps.listInboxChats({ orgId: this.orgId, page: 1, take: 1, signal: probe.signal }), probe.signal);
      return undefined;
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        return new InboxAuthError(`the inbox WebSocket could not open, and the REST inbox refuses the same API key (HTTP ${status})`, {
          status,
          cause: error,
        });
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      if (this.#probe === probe) this.#probe = undefined;
    }
  }

  #scheduleReconnect(reason: InboxDisconnect, retryAfterMs?: number): void {
    if (this.#state === 'closed') return;
    const policy = this.#reconnect;
    if (!policy) {
      this.#fail(
        new InboxConnectionError(
          `the inbox WebSocket was lost (${describe(reason)}) and reconnect is off`,
          reason.kind === 'close' ? { closeCode: reason.code } : {},
        ),
      );
      return;
    }
    this.#attempt++;
    if (this.#attempt > policy.maxAttempts) {
      this.#fail(
        new InboxConnectionError(
          `the inbox WebSocket could not reconnect after ${policy.maxAttempts} attempts (last: ${describe(reason)})`,
        ),
      );
      return;
    }
    const delayMs = Math.max(this.#backoff(this.#attempt), Math.min(retryAfterMs ?? 0, 10 * 60_000));
    this.#state = 'reconnecting';
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#open();
    }, delayMs);
    this.#emit('reconnecting', { attempt: this.#attempt, delayMs, reason });
  }

  /** Exponential backoff with "equal jitter": half the step is fixed, half is random, so retries spread out but never hammer. */
  #backoff(attempt: number): number {
    const policy = this.#reconnect || { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 };
    const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
    return Math.round(step / 2 + Math.random() * (step / 2));
  }

  // --- delivery --------------------------------------------------------------------------------

  #deliver(event: InboxEvent): void {
    const key = dedupKey(event);
    if (key !== undefined) {
      if (this.#seenKeys.has(key)) {
        this.#stats.duplicates++;
        return;
      }
      this.#seenKeys.add(key);
    }
    const at = eventTime(event);
    if (!event.reconciled) this.#cutoff.eventAt(at);
    if (event.type !== 'typing' && at !== undefined) {
      const chatId = eventChatId(event);
      this.#chatSeen.set(chatId, Math.max(this.#chatSeen.get(chatId) ?? -Infinity, at));
    }
    this.#stats.delivered++;
    if (event.reconciled) this.#stats.reconciled++;
    for (const queue of this.#queues) queue.push(event);
    this.#emit('event', event);
    this.#emit(event.type, event as never);
  }

  #emit<K extends keyof InboxListenerMap>(type: K, payload: InboxListenerMap[K]): void {
    const set = this.#listeners.get(type);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        // A throwing listener must not break delivery to the others; errors of `error` listeners are dropped.
        if (type !== 'error') this.#emit('error', new InboxListenerError(type, error));
      }
    }
  }

  // --- reconciliation ----------------------------------------------------------------------------

  async #reconcile(hold: boolean): Promise<void> {
    const options = this.#reconcileOptions;
    if (!options || !this.#cutoff.owed) return;
    this.#stopReconcile();
    const run = new AbortController();
    this.#reconcileRun = run;
    if (hold) this.#held = [];
    const timer = setTimeout(() => run.abort(new Error(`reconciliation timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    run.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    try {
      const { found, pages, truncated, cutoff } = await this.#walk(options, run.signal);
      if (this.#reconcileRun !== run) return;
      const missedSince = isoOrEpoch(cutoff.since + options.overlapMs);
      let emitted = 0;
      for (const { chat, at } of found) {
        // A time seen for this chat that is ahead of the server's clock proves nothing: check it again.
        const seen = this.#chatSeen.get(chat.id) ?? -Infinity;
        if (seen >= at && !ReconcileCutoff.isFuture(seen, cutoff.serverNow)) continue;
        const before = this.#stats.delivered;
        this.#deliver({ type: 'chat.updated', chat, reconciled: true, missed_since: missedSince });
        if (this.#stats.delivered > before) emitted++;
        if (this.#reconcileRun !== run) return; // a listener closed the connection
      }
      this.#cutoff.settled();
      this.#reconcileFailures = 0;
      this.#emit('reconciled', {
        since: isoOrEpoch(cutoff.since),
        pages,
        emitted,
        truncated,
        ...(cutoff.warning ? { warning: cutoff.warning } : {}),
      });
      if (truncated) {
        this.#emit(
          'error',
          new InboxReconcileError(
            `reconciliation stopped after ${pages} pages of ${options.take} chats: changes to older chats since ${missedSince} may be missing`,
          ),
        );
      }
    } catch (cause) {
      if (this.#reconcileRun !== run || this.#state === 'closed') return;
      this.#reconcileFailures++;
      const retry = this.#reconcileFailures <= options.retries;
      this.#emit(
        'error',
        new InboxReconcileError(
          `reconciling the inbox through REST failed${retry ? `; retrying (${this.#reconcileFailures}/${options.retries})` : '; changes made while the socket was down may be missing until the next reconnect'}: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        ),
      );
      if (retry && this.#state === 'open') {
        const delay = this.#backoff(this.#reconcileFailures);
        this.#reconcileRetryTimer = setTimeout(() => {
          this.#reconcileRetryTimer = undefined;
          void this.#reconcile(false);
        }, delay);
      }
    } finally {
      clearTimeout(timer);
      if (this.#reconcileRun === run) {
        this.#reconcileRun = undefined;
        this.#flushHeld();
      }
    }
  }

  /**
   * Walks the REST inbox newest-first until a page has no chat newer than the cutoff, the last page, or
   * `maxPages`. The cutoff is taken on the server's clock from the first page's answer.
   */
  async #walk(options: Required<InboxReconcileOptions>, signal: AbortSignal) {
    const found = new Map<string, { chat: InboxChat; at: number }>();
    let pages = 0;
    let truncated = false;
    let cutoff: Cutoff | undefined;
    for (let page = 1; page <= options.maxPages; page++) {
      signal.throwIfAborted();
      const { items, serverTime } = await untilAborted(
        this.#deps.listInboxChats({ orgId: this.orgId, page, take: options.take, signal }),
        signal,
      );
      signal.throwIfAborted();
      pages++;
      cutoff ??= this.#cutoff.cutoff(serverTime, newestActivity(items), options.overlapMs);
      const since = cutoff.since;
      let newer = 0;
      for (const item of items) {
        const parsed = InboxChatSchema.safeParse(item);
        if (!parsed.success) continue;
        const at = chatActivityTime(parsed.data);
        if (at === undefined || at <= since) continue;
        newer++;
        const known = found.get(parsed.data.id);
        if (!known || known.at < at) found.set(parsed.data.id, { chat: parsed.data, at });
      }
      if (items.length < options.take || newer === 0) break;
      if (page === options.maxPages) truncated = true;
    }
    cutoff ??= this.#cutoff.cutoff(undefined, undefined, options.overlapMs);
    return { found: [...found.values()].sort((a, b) => a.at - b.at), pages, truncated, cutoff };
  }

  #stopReconcile(): void {
    if (this.#reconcileRetryTimer) clearTimeout(this.#reconcileRetryTimer);
    this.#reconcileRetryTimer = undefined;
    const run = this.#reconcileRun;
    this.#reconcileRun = undefined;
    run?.abort();
    this.#flushHeld();
  }

  #flushHeld(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held) for (const event of held) this.#deliver(event);
  }

  // --- endings -----------------------------------------------------------------------------------

  #clearSocketTimers(ctx: SocketContext): void {
    if (ctx.connectTimer) clearTimeout(ctx.connectTimer);
    if (ctx.heartbeat) clearInterval(ctx.heartbeat);
    if (ctx.stableTimer) clearTimeout(ctx.stableTimer);
    ctx.connectTimer = ctx.heartbeat = ctx.stableTimer = undefined;
  }

  #stopTimers(): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#probe?.abort();
    this.#probe = undefined;
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
  }

  /** A fatal error: no reconnect. Iterators drain, then throw it. */
  #fail(error: InventError): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#error = error;
    this.#stopTimers();
    this.#stopReconcile();
    const ctx = this.#current;
    this.#current = undefined;
    if (ctx && !ctx.done) {
      ctx.done = true;
      this.#clearSocketTimers(ctx);
      try {
        if (ctx.socket.terminate) ctx.socket.terminate();
        else ctx.socket.close(1000, 'client gave up');
      } catch {
        // already gone
      }
    }
    this.#rejectReady(error);
    this.#emit('error', error);
    for (const queue of this.#queues) queue.end(error);
    this.#queues.clear();
    this.#emit('close', { error });
    this.#resolveClosed();
  }

  /** After `close()`: the socket is closed (or was cut). */
  #finish(): void {
    if (this.#closeGraceTimer) clearTimeout(this.#closeGraceTimer);
    this.#closeGraceTimer = undefined;
    this.#current = undefined;
    this.#emit('close', {});
    this.#resolveClosed();
  }
}
