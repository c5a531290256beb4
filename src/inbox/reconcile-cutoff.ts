/**
 * The reconciliation cutoff, on the server's clock only.
 *
 * After a reconnect the SDK asks the REST inbox for chats whose activity is newer than the cutoff. The
 * cutoff must be a time on the server's clock, since chat times are; the local clock may be 30 s off,
 * and an event's own time may be wrong (a bad server, a future `created_at`). So:
 *
 * - The client remembers *when, by its own monotonic clock,* it was last in sync (the socket opened, or
 *   a frame arrived) before the socket was lost: a duration, which no clock skew changes.
 * - The REST listing's `Date` header is the server's time now. The cutoff is that time less the local
 *   time elapsed since the last sync: the server's time at the last sync, never mixed with the local
 *   wall clock. (`Date` has whole seconds and the answer took some time to arrive, so this errs early:
 *   a few more chats are checked, and those already seen are not delivered again.)
 * - Event times never move the cutoff. One from the future (ahead of the server's `Date`) is ignored
 *   for the "already seen" check of its chat too, and reported in the `reconciled` event's `warning`.
 * - Without a `Date` header there is no server time: the newest event time seen serves instead (with a
 *   warning), and with none, every chat up to `maxPages` is checked (with a warning).
 */

import type { Clock } from '../internal/clock.js';
import { parseHttpDate } from '../internal/retry-after.js';

/** How far ahead of the server's `Date` a time may be before it counts as "from the future". */
export const FUTURE_TOLERANCE_MS = 5_000;

/** The cutoff of one reconciliation, and what looked wrong about it. */
export interface Cutoff {
  /** Chats with activity after this (server time, ms) are checked; -Infinity: every chat. */
  since: number;
  /** The server's time when the listing was answered (its `Date` header), when it sent one. */
  serverNow: number | undefined;
  /** Why the cutoff may be off, in words for the `reconciled` event. */
  warning: string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Tracks what the cutoff needs between a lost socket and the reconciliation after it. */
export class ReconcileCutoff {
  readonly #now: Clock;
  /** Local monotonic time of the last moment in sync with the server. */
  #lastSync: number | undefined;
  /** The sync mark owed a reconciliation: the earliest one since the last successful reconciliation. */
  #pending: number | undefined;
  /** The newest event time seen (server clock, as sent), and the local time it arrived. */
  #newestEvent: { at: number; received: number } | undefined;

  /** `now` is a monotonic clock in ms (../internal/clock.ts); never compared with server times. */
  constructor(now: Clock) {
    this.#now = now;
  }

  /** The socket is open, or a frame arrived on it: everything the server sent so far was received. */
  synced(): void {
    this.#lastSync = this.#now();
  }

  /** An event arrived with this server time. */
  eventAt(at: number | undefined): void {
    if (at !== undefined && (this.#newestEvent === undefined || at > this.#newestEvent.at)) {
      this.#newestEvent = { at, received: this.#now() };
    }
  }

  /** An open socket was lost: a reconciliation is owed from the last sync. */
  lost(): void {
    const mark = this.#lastSync ?? this.#now();
    this.#pending = Math.min(this.#pending ?? Infinity, mark);
  }

  get owed(): boolean {
    return this.#pending !== undefined;
  }

  /** The reconciliation succeeded: nothing is owed. */
  settled(): void {
    this.#pending = undefined;
  }

  /**
   * The cutoff for a reconciliation whose first listing page was answered with `serverNow` (its `Date`
   * header, ms) and has `newestListed` as its newest chat activity. `overlapMs` is taken off.
   */
  cutoff(serverNow: number | undefined, newestListed: number | undefined, overlapMs: number): Cutoff {
    const pending = this.#pending ?? this.#now();
    const warnings: string[] = [];
    let since: number;
    if (serverNow !== undefined) {
      since = serverNow - (this.#now() - pending) - overlapMs;
      const future = this.futureBy(serverNow);
      if (future !== undefined) {
        warnings.push(
          `an event carried the time ${iso(this.#newestEvent!.at)}, ${Math.round(future / 1000)} s ahead of the server's clock (${iso(serverNow)}); it was ignored for the cutoff`,
        );
      }
    } else if (this.#newestEvent !== undefined) {
      since = Math.min(this.#newestEvent.at, newestListed ?? Infinity) - overlapMs;
      warnings.push('the REST inbox sent no Date header, so the cutoff comes from the newest event time seen, which may be off');
    } else {
      since = -Infinity;
      warnings.push('the REST inbox sent no Date header and no event time is known: every chat up to maxPages was checked');
    }
    return { since, serverNow, warning: warnings.length ? warnings.join('; ') : undefined };
  }

  /** How far the newest event time was ahead of the server's clock when it arrived, if beyond the tolerance. */
  futureBy(serverNow: number): number | undefined {
    const event = this.#newestEvent;
    if (!event) return undefined;
    const serverAtArrival = serverNow - (this.#now() - event.received);
    const ahead = event.at - serverAtArrival;
    return ahead > FUTURE_TOLERANCE_MS ? ahead : undefined;
  }

  /** Whether a time the client recorded for a chat is from the future, by the server's clock: it then proves nothing. */
  static isFuture(at: number, serverNow: number | undefined): boolean {
    return serverNow !== undefined && at > serverNow + FUTURE_TOLERANCE_MS;
  }
}

/** The server's time from a `Date` header, in ms; undefined when absent or unparsable. */
export function serverDate(headers: Headers): number | undefined {
  const value = headers.get('date');
  return value ? parseHttpDate(value.trim()) : undefined;
}
