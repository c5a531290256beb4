import { AuthenticationError, InventError } from '../errors.js';

/**
 * The inbox socket was refused for its credentials: a 401/403 answer to the upgrade, an auth close
 * code, or (where the runtime hides the upgrade status) a 401/403 from the REST inbox with the same key.
 * Fatal: the connection does not retry, because the same key would be refused again.
 *
 * An AuthenticationError (and so an InventApiError) for `inbox.connect`, so one
 * `catch (e) { if (e instanceof AuthenticationError) ... }` covers REST calls and the inbox alike.
 * `status` is the HTTP status of the refusal (401 when the refusal came as a close code).
 */
export class InboxAuthError extends AuthenticationError {
  static override readonly errorName: string = 'InboxAuthError';
  /** The WebSocket close code, when the server accepted and then closed for auth. */
  declare readonly closeCode: number | undefined;

  constructor(message: string, init: { status?: number; closeCode?: number; headers?: Headers; cause?: unknown } = {}) {
    super({
      status: init.status ?? 401,
      message,
      headers: init.headers ?? new Headers(),
      body: undefined,
      operation: 'inbox.connect',
      cause: init.cause,
    });
    this.closeCode = init.closeCode;
  }
}

/** The inbox socket could not be kept open: a refused upgrade that retrying cannot fix (400, 404), reconnects exhausted, or reconnects turned off. */
export class InboxConnectionError extends InventError {
  static override readonly errorName: string = 'InboxConnectionError';
  /** The HTTP status of a refused upgrade, when there was one. */
  declare readonly status: number | undefined;
  /** The WebSocket close code, when the socket was closed. */
  declare readonly closeCode: number | undefined;

  constructor(message: string, init: { status?: number; closeCode?: number; cause?: unknown } = {}) {
    super(message, { cause: init.cause });
    this.status = init.status;
    this.closeCode = init.closeCode;
  }
}

/** A frame the SDK could not use: not JSON, no `type`, or missing an id the SDK needs. The stream goes on. */
export class InboxEventError extends InventError {
  static override readonly errorName: string = 'InboxEventError';
  /** `invalid-json`: the frame is not JSON; `invalid-event`: no `type`, or an id the SDK needs is missing. */
  declare readonly reason: 'invalid-json' | 'invalid-event';
  /** The frame's text (at most 1,000 characters). */
  declare readonly frame: string;
  /** The parsed JSON, when it parsed. */
  declare readonly data: unknown;

  constructor(message: string, init: { reason: 'invalid-json' | 'invalid-event'; frame: string; data?: unknown }) {
    super(message);
    this.reason = init.reason;
    this.frame = init.frame.length > 1000 ? `${init.frame.slice(0, 1000)}…` : init.frame;
    this.data = init.data;
  }
}

/** Reconciling through the REST inbox after a reconnect failed. It is retried; the stream goes on. */
export class InboxReconcileError extends InventError {
  static override readonly errorName: string = 'InboxReconcileError';
}

/** A listener passed to `inbox.on(...)` threw. Reported to the `error` listeners; delivery goes on. */
export class InboxListenerError extends InventError {
  static override readonly errorName: string = 'InboxListenerError';
  /** The event type of the listener that threw (`message`, `event`, ...). */
  declare readonly listenerOf: string;

  constructor(listenerOf: string, cause: unknown) {
    super(`an inbox \`${listenerOf}\` listener threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.listenerOf = listenerOf;
  }
}
