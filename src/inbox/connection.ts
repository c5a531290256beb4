/**
 * The inbox in real time: a WebSocket client for `GET /orgs/{org_id}/inbox/ws` that survives a bad
 * network. One connection lives across any number of sockets (./session.ts):
 *
 *   connecting -> open -> (socket lost) -> reconnecting -> open -> ... -> closed
 *
 * - A lost socket is tried again with backoff (./reconnect.ts), never after `close()` or an
 *   authentication failure (`InboxAuthError`, fatal).
 * - After a reconnect, what was missed is read from the REST inbox (./reconcile.ts), delivered before
 *   the live events that arrive meanwhile (./delivery.ts, which also de-duplicates).
 * - `close()` stops timers, sockets and iterators; nothing is left to keep the process alive.
 */
import type { InventError } from '../errors.js';
import { monotonicNow } from '../internal/clock.js';
import { Delivery } from './delivery.js';
import { InboxConnectionError } from './errors.js';
import type { InboxEvent } from './events.js';
import { type InboxConnectOptions, type InboxSettings, inboxSettings } from './options.js';
import { Reconciler } from './reconcile.js';
import { ReconcileCutoff } from './reconcile-cutoff.js';
import { closeOutcome, probeAuth, ReconnectPolicy } from './reconnect.js';
import { type SessionEnd, SocketSession } from './session.js';
import { loadWebSocket, NO_WEBSOCKET, type WebSocketConstructor } from './socket.js';
import type { InboxConnection, InboxDeps, InboxDisconnect, InboxListener, InboxListenerMap, InboxState, InboxStats } from './types.js';
import { inboxSocketUrl } from './url.js';

// For `inbox.connect()` (./attach.ts), which loads this module lazily.
export { serverDate } from './reconcile-cutoff.js';
export { requireWebSocket } from './socket.js';

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
  return new Connection(deps, inboxSettings(options, deps.apiKey), orgId, url);
}

class Connection implements InboxConnection {
  #state: InboxState = 'connecting';
  #error: InventError | undefined;
  #closing = false;
  #session: SocketSession | undefined;
  #everOpened = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #closeGraceTimer: ReturnType<typeof setTimeout> | undefined;
  #probe: AbortController | undefined;
  readonly #policy: ReconnectPolicy;
  /** The reconciliation cutoff, on the server's clock (see ./reconcile-cutoff.ts). */
  readonly #cutoff = new ReconcileCutoff(monotonicNow);
  readonly #delivery: Delivery;
  readonly #reconciler: Reconciler | undefined;
  readonly #ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: unknown) => void;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;
  readonly #onAbort = () => void this.close();
  readonly #deps: InboxDeps;
  readonly #settings: InboxSettings;

  constructor(
    deps: InboxDeps,
    settings: InboxSettings,
    readonly orgId: string,
    readonly url: string,
  ) {
    this.#deps = deps;
    this.#settings = settings;
    this.#policy = new ReconnectPolicy(settings.reconnect);
    this.#delivery = new Delivery(settings.bufferSize, settings.dedupSize, this.#cutoff);
    if (settings.reconcile) {
      this.#reconciler = new Reconciler({
        list: deps.listInboxChats,
        orgId,
        options: settings.reconcile,
        cutoff: this.#cutoff,
        delivery: this.#delivery,
        retryDelay: (failures) => this.#policy.delay(failures),
        isOpen: () => this.#state === 'open',
      });
    }
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {}); // rejections are for whoever awaits ready(); never unhandled
    this.closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve));
    if (settings.signal?.aborted) {
      queueMicrotask(() => void this.close());
    } else {
      settings.signal?.addEventListener('abort', this.#onAbort, { once: true });
      void this.#open();
    }
  }

  get state(): InboxState {
    return this.#state;
  }

  get stats(): InboxStats {
    return { ...this.#delivery.stats };
  }

  get error(): InventError | undefined {
    return this.#error;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  on<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): () => void {
    this.#delivery.on(type, listener);
    return () => this.off(type, listener);
  }

  off<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void {
    this.#delivery.off(type, listener);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<InboxEvent> {
    return this.#delivery.iterator();
  }

  close(): Promise<void> {
    if (this.#state === 'closed') return this.closed;
    this.#closing = true;
    this.#end();
    this.#rejectReady(new InboxConnectionError('the inbox connection was closed before it opened'));
    this.#delivery.end();
    const session = this.#session;
    if (!session || session.done) {
      this.#finish();
      return this.closed;
    }
    session.close(1000, 'client closed');
    // A socket whose closing handshake never completes is cut.
    this.#closeGraceTimer = setTimeout(() => {
      if (session.done) return;
      session.cut(1000, 'client closed');
      this.#finish();
    }, this.#settings.closeTimeoutMs);
    return this.closed;
  }

  async #open(): Promise<void> {
    let Ctor: WebSocketConstructor;
    try {
      Ctor = await loadWebSocket(this.#settings.WebSocket);
    } catch (cause) {
      return this.#fail(new InboxConnectionError(NO_WEBSOCKET, { cause }));
    }
    if (this.#state === 'closed') return;
    try {
      const session: SocketSession = new SocketSession(Ctor, this.url, this.#deps.apiKey, this.#settings, {
        open: () => this.#onOpen(session),
        message: (data) => this.#onMessage(session, data),
        end: (end) => this.#onEnd(session, end),
      });
      this.#session = session;
    } catch (cause) {
      this.#fail(new InboxConnectionError(`could not open a WebSocket to ${this.url}`, { cause }));
    }
  }

  #onOpen(session: SocketSession): void {
    if (session !== this.#session) return;
    this.#state = 'open';
    this.#cutoff.synced();
    if (!this.#everOpened) {
      this.#everOpened = true;
      this.#resolveReady();
      return this.#delivery.emit('open', { url: this.url });
    }
    this.#delivery.stats.reconnects++;
    this.#delivery.emit('reconnected', { attempt: this.#policy.attempt, downtimeMs: this.#policy.reconnected() });
    if (this.#state !== 'open' || session !== this.#session) return; // a listener closed it
    void this.#reconciler?.run(true);
  }

  #onMessage(session: SocketSession, data: unknown): void {
    if (session !== this.#session) return;
    this.#cutoff.synced();
    this.#delivery.receive(data, () => session === this.#session);
  }

  #onEnd(session: SocketSession, end: SessionEnd): void {
    if (this.#closing) return void (session === this.#session && this.#finish());
    if (session !== this.#session) return;
    this.#session = undefined;
    if (session.openedAt !== undefined) {
      // An open socket was lost: the downtime starts, and a reconciliation is owed.
      this.#policy.lost(session.openedAt);
      this.#reconciler?.stop();
      if (this.#reconciler) this.#cutoff.lost();
    }
    if (end.kind === 'dropped') return this.#reconnect(end.reason);
    const outcome = closeOutcome(end, { orgId: this.orgId, url: this.url, authCloseCodes: this.#settings.authCloseCodes });
    if ('error' in outcome) return this.#fail(outcome.error);
    if (!session.opened && end.status === undefined && !session.hasWsExtras) {
      const probe = (this.#probe = new AbortController());
      void probeAuth(this.#deps.listInboxChats, this.orgId, this.#settings.connectTimeoutMs, probe).then((authError) => {
        if (this.#probe === probe) this.#probe = undefined;
        if (this.#state === 'closed' || this.#session) return;
        if (authError) this.#fail(authError);
        else this.#reconnect(outcome.reason);
      });
      return;
    }
    this.#reconnect(outcome.reason, end.retryAfterMs);
  }

  #reconnect(reason: InboxDisconnect, retryAfterMs?: number): void {
    if (this.#state === 'closed') return;
    const next = this.#policy.next(reason, retryAfterMs);
    if ('error' in next) return this.#fail(next.error);
    this.#state = 'reconnecting';
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#open();
    }, next.delayMs);
    this.#delivery.emit('reconnecting', { ...next, reason });
  }

  /** Stops everything but the socket: timers, the auth probe, reconciliation. */
  #end(): void {
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#probe?.abort();
    this.#probe = undefined;
    this.#settings.signal?.removeEventListener('abort', this.#onAbort);
    this.#reconciler?.stop();
  }

  /** A fatal error: no reconnect. Iterators drain, then throw it. */
  #fail(error: InventError): void {
    if (this.#state === 'closed') return;
    this.#error = error;
    this.#end();
    const session = this.#session;
    this.#session = undefined;
    if (session && !session.done) session.cut(1000, 'client gave up');
    this.#rejectReady(error);
    this.#delivery.emit('error', error);
    this.#delivery.end(error);
    this.#delivery.emit('close', { error });
    this.#resolveClosed();
  }

  /** After `close()`: the socket is closed (or was cut). */
  #finish(): void {
    clearTimeout(this.#closeGraceTimer);
    this.#closeGraceTimer = undefined;
    this.#session = undefined;
    this.#delivery.emit('close', {});
    this.#resolveClosed();
  }
}
