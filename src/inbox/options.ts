/** The options of `invent.inbox.connect()`: what each means, its default, and the check that refuses nonsense. */
import { InventConfigError } from '../errors.js';
import { isBrowserLike } from '../internal/runtime.js';
import type { WebSocketConstructor } from './socket.js';

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

/** Every option with its default, checked. */
export interface InboxSettings {
  auth: 'header' | 'none';
  WebSocket: WebSocketConstructor | undefined;
  bufferSize: number;
  dedupSize: number;
  heartbeat: Required<InboxHeartbeatOptions>;
  reconnect: Required<InboxReconnectOptions> | false;
  reconcile: Required<InboxReconcileOptions> | false;
  connectTimeoutMs: number;
  closeTimeoutMs: number;
  authCloseCodes: number[];
  signal: AbortSignal | undefined;
}

const DEFAULT_AUTH_CLOSE_CODES = [4001, 4003, 4401, 4403];

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0))
    throw new InventConfigError(`inbox option ${name} must be a positive number, got ${String(value)}`);
  return value;
}

/**
 * The settings of a connection, or an InventConfigError naming the option that cannot work: before
 * anything is opened. With `auth: 'header'` there must be a key, and no browser to leak it from.
 */
export function inboxSettings(options: InboxConnectOptions, apiKey: string | undefined): InboxSettings {
  const auth = options.auth ?? 'header';
  if (auth === 'header') {
    if (!apiKey) {
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
  const r = options.reconnect;
  const c = options.reconcile;
  return {
    auth,
    WebSocket: options.WebSocket,
    bufferSize: positive(options.bufferSize, 1000, 'bufferSize'),
    dedupSize: positive(options.dedupSize, 10_000, 'dedupSize'),
    heartbeat: {
      intervalMs: positive(options.heartbeat?.intervalMs, 10_000, 'heartbeat.intervalMs'),
      staleAfterMs: positive(options.heartbeat?.staleAfterMs, 30_000, 'heartbeat.staleAfterMs'),
    },
    reconnect:
      r === false
        ? false
        : {
            initialDelayMs: positive(r?.initialDelayMs, 500, 'reconnect.initialDelayMs'),
            maxDelayMs: positive(r?.maxDelayMs, 30_000, 'reconnect.maxDelayMs'),
            factor: positive(r?.factor, 2, 'reconnect.factor'),
            maxAttempts: positive(r?.maxAttempts, Infinity, 'reconnect.maxAttempts'),
            resetAfterMs: positive(r?.resetAfterMs, 10_000, 'reconnect.resetAfterMs'),
          },
    reconcile:
      c === false
        ? false
        : {
            take: Math.min(100, Math.floor(positive(c?.take, 100, 'reconcile.take'))),
            maxPages: Math.floor(positive(c?.maxPages, 10, 'reconcile.maxPages')),
            overlapMs: c?.overlapMs ?? 2000,
            timeoutMs: positive(c?.timeoutMs, 15_000, 'reconcile.timeoutMs'),
            retries: c?.retries ?? 3,
          },
    connectTimeoutMs: positive(options.connectTimeoutMs, 10_000, 'connectTimeoutMs'),
    closeTimeoutMs: positive(options.closeTimeoutMs, 1000, 'closeTimeoutMs'),
    authCloseCodes: options.authCloseCodes ?? DEFAULT_AUTH_CLOSE_CODES,
    signal: options.signal,
  };
}
