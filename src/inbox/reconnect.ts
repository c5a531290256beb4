/**
 * When a lost socket is tried again, and when not: the reconnect policy (the SDK's backoff with equal
 * jitter, a Retry-After honoured up to 10 minutes, `maxAttempts`), and which losses are fatal (an
 * authentication failure, an upgrade refused for good).
 */
import type { InventError } from '../errors.js';
import { raceSignal } from '../internal/abort.js';
import { backoffDelay } from '../internal/backoff.js';
import { monotonicNow } from '../internal/clock.js';
import { abortAfter } from '../internal/timeout.js';
import { InboxAuthError, InboxConnectionError } from './errors.js';
import type { InboxReconnectOptions } from './options.js';
import type { SessionEnd } from './session.js';
import type { InboxDeps, InboxDisconnect } from './types.js';

/** The longest Retry-After a refused upgrade is obeyed for. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** The backoff used for failed reconciliations when reconnecting is off. */
const DEFAULT_STEPS = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 };

export function describeDisconnect(reason: InboxDisconnect): string {
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

export class ReconnectPolicy {
  /** Consecutive failed attempts: reset once a socket stays open `resetAfterMs`. */
  attempt = 0;
  #downSince: number | undefined;
  readonly #options: Required<InboxReconnectOptions> | false;

  constructor(options: Required<InboxReconnectOptions> | false) {
    this.#options = options;
  }

  /** The wait before attempt number `attempt` (from 1), before any Retry-After. */
  delay(attempt: number): number {
    const { initialDelayMs, maxDelayMs, factor } = this.#options || DEFAULT_STEPS;
    return backoffDelay(attempt, { baseDelayMs: initialDelayMs, maxDelayMs, minDelayMs: 0, factor, jitter: 'equal' });
  }

  /** A socket that opened at `openedAt` (monotonic) was lost: the downtime starts, and a stable socket resets the count. */
  lost(openedAt: number): void {
    this.#downSince ??= monotonicNow();
    if (this.#options && monotonicNow() - openedAt >= this.#options.resetAfterMs) this.attempt = 0;
  }

  /** A socket opened again: how long the connection was down. */
  reconnected(): number {
    const downtimeMs = this.#downSince === undefined ? 0 : Math.round(monotonicNow() - this.#downSince);
    this.#downSince = undefined;
    return downtimeMs;
  }

  /** The next attempt and its wait, or the error that ends the connection instead. */
  next(reason: InboxDisconnect, retryAfterMs = 0): { attempt: number; delayMs: number } | { error: InventError } {
    const options = this.#options;
    if (!options) {
      const closeCode = reason.kind === 'close' ? { closeCode: reason.code } : {};
      return {
        error: new InboxConnectionError(`the inbox WebSocket was lost (${describeDisconnect(reason)}) and reconnect is off`, closeCode),
      };
    }
    const attempt = ++this.attempt;
    if (attempt > options.maxAttempts) {
      const message = `the inbox WebSocket could not reconnect after ${options.maxAttempts} attempts (last: ${describeDisconnect(reason)})`;
      return { error: new InboxConnectionError(message) };
    }
    return { attempt, delayMs: Math.max(this.delay(attempt), Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)) };
  }
}

/** The error that makes a closed socket's loss final, if it is one; else why it was lost. */
export function closeOutcome(
  end: Extract<SessionEnd, { kind: 'closed' }>,
  at: { orgId: string; url: string; authCloseCodes: number[] },
): { error: InventError } | { reason: InboxDisconnect } {
  const { status, code, reason } = end;
  if (status === 401 || status === 403) {
    const message = `the inbox WebSocket upgrade was refused: check the API key and its access to organization ${at.orgId}`;
    return { error: new InboxAuthError(message, { status, headers: end.headers }) };
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { error: new InboxConnectionError(`the inbox WebSocket upgrade for ${at.url} was refused with HTTP ${status}`, { status }) };
  }
  if (at.authCloseCodes.includes(code)) {
    const message = `the inbox WebSocket was closed for authorization (close code ${code}${reason ? `: ${reason}` : ''})`;
    return { error: new InboxAuthError(message, { closeCode: code }) };
  }
  return { reason: status !== undefined ? { kind: 'upgrade-refused', status } : { kind: 'close', code, reason } };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A standard WebSocket hides a refused upgrade's status: asks the REST inbox, with the same key,
 * whether it is refused. Resolves with the auth error if so; never rejects.
 */
export async function probeAuth(
  list: InboxDeps['listInboxChats'],
  orgId: string,
  timeoutMs: number,
  probe: AbortController,
): Promise<InboxAuthError | undefined> {
  const cancelDeadline = abortAfter(probe, timeoutMs, () => new Error(`no answer from the REST inbox within ${timeoutMs} ms`));
  try {
    await raceSignal(list({ orgId, page: 1, take: 1, signal: probe.signal }), probe.signal);
    return undefined;
  } catch (error) {
    const status = statusOf(error);
    if (status !== 401 && status !== 403) return undefined;
    const message = `the inbox WebSocket could not open, and the REST inbox refuses the same API key (HTTP ${status})`;
    return new InboxAuthError(message, { status, cause: error });
  } finally {
    cancelDeadline();
  }
}
