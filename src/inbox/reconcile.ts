/**
 * Reconciliation after a reconnect: walks the REST inbox (`listInboxChats`, newest first, through the
 * SDK's paginator) for chats whose activity is newer than the cutoff (./reconcile-cutoff.ts), and
 * delivers each as a `chat.updated` event with `reconciled: true`, oldest change first, skipping what
 * was delivered already. Live events are held meanwhile. A failed walk is retried after a backoff,
 * then reported as lost; one that runs past `timeoutMs` is aborted.
 */
import { raceSignal } from '../internal/abort.js';
import { abortAfter } from '../internal/timeout.js';
import { PaginationError } from '../pagination/error.js';
import { ListPromise } from '../pagination/list.js';
import type { Delivery } from './delivery.js';
import { InboxReconcileError } from './errors.js';
import { chatActivityTime, type InboxChat, readChat } from './events.js';
import type { InboxReconcileOptions } from './options.js';
import { type Cutoff, ReconcileCutoff } from './reconcile-cutoff.js';
import type { InboxDeps } from './types.js';

type Found = Map<string, { chat: InboxChat; at: number }>;

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

/** Adds the listed chats newer than `since` to `found` (the newest time per chat); returns how many were. */
function collectNewer(items: unknown[], since: number, found: Found): number {
  let newer = 0;
  for (const item of items) {
    const chat = readChat(item);
    if (!chat) continue;
    const at = chatActivityTime(chat);
    if (at === undefined || at <= since) continue;
    newer++;
    const known = found.get(chat.id);
    if (!known || known.at < at) found.set(chat.id, { chat, at });
  }
  return newer;
}

export interface ReconcilerDeps {
  list: InboxDeps['listInboxChats'];
  orgId: string;
  options: Required<InboxReconcileOptions>;
  cutoff: ReconcileCutoff;
  delivery: Delivery;
  /** The wait before retry number `failures` of a failed walk. */
  retryDelay(failures: number): number;
  /** Whether the connection is open (a failed walk is retried only then). */
  isOpen(): boolean;
}

export class Reconciler {
  readonly #deps: ReconcilerDeps;
  #run: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;

  constructor(deps: ReconcilerDeps) {
    this.#deps = deps;
  }

  /** Runs one reconciliation if one is owed; `hold`: live events wait until it ends. */
  async run(hold: boolean): Promise<void> {
    const { options, cutoff: tracker, delivery } = this.#deps;
    if (!tracker.owed) return;
    this.stop();
    const run = new AbortController();
    this.#run = run;
    if (hold) delivery.hold();
    const cancelDeadline = abortAfter(run, options.timeoutMs, () => new Error(`reconciliation timed out after ${options.timeoutMs} ms`));
    try {
      const { found, pages, truncated, cutoff } = await this.#walk(run.signal);
      if (this.#run !== run) return;
      const missedSince = isoOrEpoch(cutoff.since + options.overlapMs);
      let emitted = 0;
      for (const { chat, at } of [...found.values()].sort((a, b) => a.at - b.at)) {
        // A time seen for this chat that is ahead of the server's clock proves nothing: check it again.
        const seen = delivery.seenAt(chat.id);
        if (seen >= at && !ReconcileCutoff.isFuture(seen, cutoff.serverNow)) continue;
        if (delivery.deliver({ type: 'chat.updated', chat, reconciled: true, missed_since: missedSince })) emitted++;
        if (this.#run !== run) return; // a listener closed the connection
      }
      tracker.settled();
      this.#failures = 0;
      const info = { since: isoOrEpoch(cutoff.since), pages, emitted, truncated };
      delivery.emit('reconciled', cutoff.warning ? { ...info, warning: cutoff.warning } : info);
      if (truncated) {
        const message = `reconciliation stopped after ${pages} pages of ${options.take} chats: changes to older chats since ${missedSince} may be missing`;
        delivery.emit('error', new InboxReconcileError(message));
      }
    } catch (cause) {
      if (this.#run !== run) return;
      this.#failed(cause);
    } finally {
      cancelDeadline();
      if (this.#run === run) {
        this.#run = undefined;
        delivery.release();
      }
    }
  }

  /** Ends a reconciliation under way, and a retry waiting; held events are delivered. */
  stop(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const run = this.#run;
    this.#run = undefined;
    run?.abort();
    this.#deps.delivery.release();
  }

  #failed(cause: unknown): void {
    const { options, delivery } = this.#deps;
    this.#failures++;
    const retry = this.#failures <= options.retries;
    const next = retry
      ? `; retrying (${this.#failures}/${options.retries})`
      : '; changes made while the socket was down may be missing until the next reconnect';
    const why = cause instanceof Error ? cause.message : String(cause);
    delivery.emit('error', new InboxReconcileError(`reconciling the inbox through REST failed${next}: ${why}`, { cause }));
    if (retry && this.#deps.isOpen()) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        void this.run(false);
      }, this.#deps.retryDelay(this.#failures));
    }
  }

  /**
   * Reads pages until one has no chat newer than the cutoff, the last page, or `maxPages`. The cutoff
   * is taken on the server's clock from the first page's answer.
   */
  async #walk(signal: AbortSignal): Promise<{ found: Found; pages: number; truncated: boolean; cutoff: Cutoff }> {
    const { list, orgId, options, cutoff: tracker } = this.#deps;
    const { take, maxPages, overlapMs } = options;
    const found: Found = new Map();
    let cutoff: Cutoff | undefined;
    const listing = new ListPromise<unknown>({
      label: 'inbox reconciliation',
      startPage: 1,
      take,
      takeGiven: true,
      maxTake: take,
      concurrency: 1,
      maxPages,
      signal,
      fetch: async (page, pageTake, pageSignal = signal) => {
        // Raced: a `listInboxChats` may ignore its signal.
        const { items, serverTime } = await raceSignal(list({ orgId, page, take: pageTake, signal: pageSignal }), pageSignal);
        cutoff ??= tracker.cutoff(serverTime, newestActivity(items), overlapMs);
        const newer = collectNewer(items, cutoff.since, found);
        // A short page, or one with nothing newer than the cutoff, is the last one read: said as the
        // listing's total, which is how the paginator knows its last page without asking for the next.
        const last = items.length < pageTake || newer === 0;
        const headers = last ? { 'pagination-count': String((page - 1) * pageTake + items.length) } : undefined;
        return { data: items, response: new Response(null, { headers }) };
      },
    });
    let pages = 0;
    let truncated = false;
    try {
      for await (const _page of listing.pages()) pages++;
    } catch (error) {
      if (!(error instanceof PaginationError)) throw error;
      if (error.reason === 'request') throw error.cause;
      truncated = true;
    }
    cutoff ??= tracker.cutoff(undefined, undefined, overlapMs);
    return { found, pages, truncated, cutoff };
  }
}
