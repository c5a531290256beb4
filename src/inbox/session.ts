/**
 * One socket of an inbox connection, from the upgrade to its end, with the heartbeat that finds a dead
 * one. A connection opens a new session after each loss; a session never reopens.
 *
 * It reports its end once: `closed` (the socket's close event, with the refused upgrade's status and
 * headers when `ws` tells them) or `dropped` (the client gave up on it: no open in time, or silence).
 */
import { monotonicNow } from '../internal/clock.js';
import { parseRetryAfter } from '../internal/retry-after.js';
import type { InboxSettings } from './options.js';
import type { SocketLike, WebSocketConstructor } from './socket.js';
import type { InboxDisconnect } from './types.js';

/** How a session ended. */
export type SessionEnd =
  | { kind: 'closed'; code: number; reason: string; status?: number; headers?: Headers; retryAfterMs?: number }
  | { kind: 'dropped'; reason: InboxDisconnect };

export interface SessionEvents {
  open(): void;
  message(data: unknown): void;
  end(end: SessionEnd): void;
}

type UpgradeResponse = { statusCode?: number; headers?: Record<string, unknown>; resume?: () => void };

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
  }
  return headers;
}

export class SocketSession {
  readonly socket: SocketLike;
  /** `ws`'s extras are there: pings, pongs and the status of a refused upgrade. */
  readonly hasWsExtras: boolean;
  opened = false;
  /** Its end was reported (or it was closed on purpose): nothing more comes from it. */
  done = false;
  /** When it opened, on the monotonic clock. */
  openedAt: number | undefined;
  #refused: { status?: number; headers?: Headers; retryAfterMs?: number } = {};
  #lastActivity = monotonicNow();
  #lastTick = 0;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #settings: InboxSettings;
  readonly #events: SessionEvents;

  /** Throws what the constructor throws (a bad URL, say). */
  constructor(Ctor: WebSocketConstructor, url: string, apiKey: string | undefined, settings: InboxSettings, events: SessionEvents) {
    this.#settings = settings;
    this.#events = events;
    const socket = settings.auth === 'header' ? new Ctor(url, { headers: { Authorization: `Bearer ${apiKey}` } }) : new Ctor(url);
    this.socket = socket;
    this.hasWsExtras = typeof socket.on === 'function' && typeof socket.ping === 'function';
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // not settable: frames are decoded whatever their type
    }
    socket.addEventListener('open', () => this.#onOpen());
    socket.addEventListener('message', (event: { data: unknown }) => {
      if (this.done) return;
      this.#lastActivity = monotonicNow();
      events.message(event.data);
    });
    // `error` is always followed by `close`, where the outcome is decided.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', (event: { code?: number; reason?: string }) => {
      if (this.done) return;
      this.#end({ kind: 'closed', code: event.code ?? 1006, reason: event.reason ?? '', ...this.#refused });
    });
    if (this.hasWsExtras) {
      socket.on!('pong', () => {
        this.#lastActivity = monotonicNow();
      });
      socket.on!('unexpected-response', (_request: unknown, response: UpgradeResponse) => {
        const headers = toHeaders(response.headers);
        this.#refused = { status: response.statusCode, headers, retryAfterMs: parseRetryAfter(headers) };
        response.resume?.();
        socket.terminate?.();
      });
    }
    const timeoutMs = settings.connectTimeoutMs;
    this.#connectTimer = setTimeout(() => this.#drop({ kind: 'connect-timeout', timeoutMs }), timeoutMs);
  }

  /** Ends it on the client's side: a closing handshake when it is open (or `ws` cannot cut it), else cut at once. */
  close(code: number, reason: string): void {
    this.#stopTimers();
    try {
      if (!this.opened && this.socket.terminate) this.socket.terminate();
      else this.socket.close(code, reason);
    } catch {
      // a socket that cannot be closed is cut by the caller's grace timer
    }
  }

  /** Destroys it at once, reporting nothing: the connection has ended. */
  cut(code: number, reason: string): void {
    this.done = true;
    this.#stopTimers();
    try {
      if (this.socket.terminate) this.socket.terminate();
      else this.socket.close(code, reason);
    } catch {
      // already gone
    }
  }

  #onOpen(): void {
    if (this.done) return;
    this.opened = true;
    this.openedAt = this.#lastActivity = this.#lastTick = monotonicNow();
    clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
    this.#heartbeat = setInterval(() => this.#tick(), this.#settings.heartbeat.intervalMs);
    this.#events.open();
  }

  #tick(): void {
    if (this.done) return;
    const now = monotonicNow();
    const { intervalMs, staleAfterMs } = this.#settings.heartbeat;
    // A tick that fires a whole interval late means this process's event loop was blocked: frames may be
    // waiting unread in the socket, so silence is not judged on this tick (it is on the next one).
    const stalled = now - this.#lastTick > 2 * intervalMs;
    this.#lastTick = now;
    const silentMs = now - this.#lastActivity;
    if (silentMs >= staleAfterMs && !stalled) return this.#drop({ kind: 'stale', silentMs: Math.round(silentMs) });
    try {
      this.socket.ping?.();
    } catch {
      // a socket that cannot ping is about to close
    }
  }

  /** Gives up on the socket (stale, not open in time) without waiting for its close. */
  #drop(reason: InboxDisconnect): void {
    if (this.done || (reason.kind === 'connect-timeout' && this.opened)) return;
    this.cut(4000, reason.kind);
    this.#events.end({ kind: 'dropped', reason });
  }

  #end(end: SessionEnd): void {
    this.done = true;
    this.#stopTimers();
    this.#events.end(end);
  }

  #stopTimers(): void {
    clearTimeout(this.#connectTimer);
    clearInterval(this.#heartbeat);
    this.#connectTimer = this.#heartbeat = undefined;
  }
}
