/**
 * `sendMany`: a batch of transactional sends (a backlog of receipts, say).
 *
 * - Pacing is the client's rate limiter's job: every send counts against `broadcast-send` (100 per
 *   60 s) and `general`, and waits in the limiter's queue instead of collecting 429s. `concurrency`
 *   only bounds how many sends are queued or on the wire at once.
 * - One result per item, in input order, as an async iterable; the run is also awaitable for a
 *   summary (counts, the failed items with their errors, where it stopped).
 * - A bad item never stops the batch: an item that fails the local check is reported (SendInputError)
 *   and not sent; an item the API refuses is reported and the batch goes on. Only failures that every
 *   later item would get too (`stopOn`: by default AuthenticationError, BroadcastNotActiveError, a
 *   NotFoundError about the broadcast) stop it: nothing new starts, and `summary.stopped.nextIndex`
 *   says where to resume.
 * - Memory stays flat: the input is read lazily (an async iterable works), at most `2 * concurrency`
 *   items are held between being read and being handed out, and the summary keeps only failures
 *   (every result with `keepResults`).
 */
import { AuthenticationError, InventError, InventValidationError, NotFoundError } from '../errors.js';
import { BroadcastNotActiveError, SendInputError, SendOutcomeUnknownError } from './errors.js';
import { checkBatchDefaults, checkItem } from './recipient.js';
import { postSend, type HandleLike } from './send.js';
import type {
  SendManyFailure,
  SendManyItem,
  SendManyOptions,
  SendManyProgress,
  SendManyResult,
  SendManyRun,
  SendManySummary,
} from './types.js';

export const DEFAULT_CONCURRENCY = 10;
const MAX_CONCURRENCY = 1000;

/** The default `stopOn`: failures that every later item of the batch would get too. */
export function stopsBatch(error: Error): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof BroadcastNotActiveError ||
    (error instanceof NotFoundError && /broadcast/i.test(error.message))
  );
}

interface Settings {
  concurrency: number;
  onProgress: ((progress: SendManyProgress) => void) | undefined;
  keepResults: boolean;
  stopOn: (error: Error) => boolean;
  signal: AbortSignal | undefined;
  defaults: { templateIds?: readonly string[]; background?: boolean };
  request: NonNullable<SendManyOptions['request']>;
}

function settingsOf(broadcastId: string, options: SendManyOptions | undefined): Settings {
  const o = options ?? {};
  if (typeof o !== 'object') throw new InventValidationError('sendMany: options must be an object');
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new InventValidationError(
      `sendMany: options.concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${String(concurrency)}`,
    );
  }
  for (const key of ['onProgress', 'stopOn'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function')
      throw new InventValidationError(`sendMany: options.${key} must be a function`);
  }
  if (o.signal !== undefined && !(typeof o.signal === 'object' && o.signal !== null && 'aborted' in o.signal))
    throw new InventValidationError('sendMany: options.signal must be an AbortSignal');
  const defaults = checkBatchDefaults(o);
  if (!defaults.success) throw new SendInputError(broadcastId, defaults.issues, 'sendMany');
  return {
    concurrency,
    onProgress: o.onProgress,
    keepResults: o.keepResults === true,
    stopOn: o.stopOn ?? stopsBatch,
    signal: o.signal,
    defaults: defaults.data,
    request: { ...o.request },
  };
}

/** `stopOn`, where a callback that throws counts as "do not stop" (it must not stall the batch). */
function stopsOn(settings: Settings, error: Error): boolean {
  try {
    return settings.stopOn(error) === true;
  } catch {
    return false;
  }
}

type Source = { next(): Promise<IteratorResult<unknown>> | IteratorResult<unknown>; return?(): unknown };

function openSource(items: unknown): Source {
  if (items !== null && typeof items === 'object') {
    const asyncIterator = (items as AsyncIterable<unknown>)[Symbol.asyncIterator];
    if (typeof asyncIterator === 'function') return asyncIterator.call(items) as Source;
    const iterator = (items as Iterable<unknown>)[Symbol.iterator];
    if (typeof iterator === 'function') return iterator.call(items) as Source;
  }
  throw new InventValidationError(
    'sendMany: items must be an array, an iterable or an async iterable of { recipient, variables?, templateIds?, background? }',
  );
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new InventError(`sendMany: ${String(value)}`);
}

interface Slot<V> {
  done: boolean;
  result?: SendManyResult<V>;
}

/** A running batch: iterate it once for the results, and/or await it (or `summary`) for the summary. */
export class SendManyBatch<V> implements SendManyRun<V> {
  readonly #handle: HandleLike;
  readonly #items: unknown;
  readonly #options: SendManyOptions | undefined;
  #mode: 'idle' | 'iterating' | 'draining' = 'idle';
  readonly #summary: Promise<SendManySummary<V>>;
  #settle!: { resolve: (summary: SendManySummary<V>) => void; reject: (error: unknown) => void };

  constructor(handle: HandleLike, items: unknown, options: SendManyOptions | undefined) {
    this.#handle = handle;
    this.#items = items;
    this.#options = options;
    this.#summary = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#summary.catch(() => {}); // reported to whoever awaits it; never an unhandled rejection
  }

  [Symbol.asyncIterator](): AsyncGenerator<SendManyResult<V>, void, undefined> {
    if (this.#mode !== 'idle')
      throw new InventError(
        `sendMany: the results of this batch are already being ${this.#mode === 'iterating' ? 'iterated' : 'drained by await'}; iterate a batch once, before awaiting it`,
      );
    this.#mode = 'iterating';
    return this.#run();
  }

  /** The summary once the batch has ended; starts the batch (without keeping results) if nothing iterates it. */
  get summary(): Promise<SendManySummary<V>> {
    if (this.#mode === 'idle') {
      this.#mode = 'draining';
      void (async () => {
        for await (const _ of this.#run()); // the summary settles in #run
      })().catch(() => {});
    }
    return this.#summary;
  }

  then<A = SendManySummary<V>, B = never>(
    onfulfilled?: ((value: SendManySummary<V>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.summary.then(onfulfilled, onrejected);
  }

  async *#run(): AsyncGenerator<SendManyResult<V>, void, undefined> {
    const startedAt = performance.now();
    let settings: Settings;
    let source: Source;
    try {
      settings = settingsOf(this.#handle.id, this.#options);
      source = openSource(this.#items);
    } catch (error) {
      this.#settle.reject(error);
      throw error;
    }
    const { concurrency, signal } = settings;
    const total = Array.isArray(this.#items) ? this.#items.length : undefined;
    const counts = { done: 0, sent: 0, failed: 0, invalid: 0, outcomeUnknown: 0 };
    const failures: SendManyFailure<V>[] = [];
    const results: SendManyResult<V>[] | undefined = settings.keepResults ? [] : undefined;
    const window: Slot<V>[] = [];
    let inFlight = 0;
    let nextIndex = 0;
    let exhausted = false;
    let stopped: { error: Error; nextIndex: number } | undefined;
    let inputError: { error: unknown } | undefined;
    let wake: () => void = () => {};

    const stop = (error: Error) => {
      stopped ??= { error, nextIndex };
      wake();
    };
    const onAbort = () => stop(asError(signal!.reason ?? new InventError('sendMany was aborted')));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });

    const progress = () => {
      if (!settings.onProgress) return;
      try {
        settings.onProgress({ done: counts.done, sent: counts.sent, failed: counts.failed, inFlight, total });
      } catch {
        // A throwing progress callback must not break the batch.
      }
    };
    const finish = (slot: Slot<V>, result: SendManyResult<V>) => {
      slot.result = result;
      slot.done = true;
      inFlight--;
      counts.done++;
      if (result.ok) counts.sent++;
      else {
        counts.failed++;
        if (result.error instanceof SendInputError) counts.invalid++;
        if (result.outcomeUnknown) counts.outcomeUnknown++;
        if (!stopped && stopsOn(settings, result.error)) stopped = { error: result.error, nextIndex };
      }
      progress();
      wake();
    };
    const start = (item: unknown, index: number) => {
      const slot: Slot<V> = { done: false };
      window.push(slot);
      inFlight++;
      void this.#one(item, index, settings).then((result) => finish(slot, result));
    };
    const handOut = (slot: Slot<V>) => {
      const result = slot.result!;
      if (!result.ok) failures.push(result);
      results?.push(result);
      return result;
    };

    try {
      for (;;) {
        while (!exhausted && !stopped && inFlight < concurrency && window.length < 2 * concurrency) {
          let next: IteratorResult<unknown>;
          try {
            next = await source.next();
          } catch (error) {
            exhausted = true;
            inputError = { error };
            stop(asError(error));
            break;
          }
          if (next.done) {
            exhausted = true;
            break;
          }
          if (stopped) break; // read after a stop: not started; `stopped.nextIndex` is its index
          start(next.value, nextIndex++);
        }
        const head = window[0];
        if (!head) break;
        if (head.done) {
          window.shift();
          yield handOut(head);
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // The consumer may have stopped reading: sends in flight still end, and are counted.
      if (window.some((slot) => !slot.done)) {
        stopped ??= { error: new InventError('sendMany: the results were no longer read, so the batch stopped'), nextIndex };
        while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
      }
      for (const slot of window.splice(0)) handOut(slot);
      if (!exhausted) {
        stopped ??= { error: new InventError('sendMany: the results were no longer read, so the batch stopped'), nextIndex };
        try {
          await source.return?.();
        } catch {
          // closing the input is best effort
        }
      }
      this.#settle.resolve({
        total: nextIndex,
        sent: counts.sent,
        failed: counts.failed,
        invalid: counts.invalid,
        outcomeUnknown: counts.outcomeUnknown,
        failures,
        ...(results ? { results } : {}),
        ...(stopped ? { stopped } : {}),
        durationMs: performance.now() - startedAt,
      });
    }
    if (inputError) throw inputError.error;
  }

  /** Checks and sends one item; never rejects. */
  async #one(item: unknown, index: number, settings: Settings): Promise<SendManyResult<V>> {
    const typed = item as SendManyItem<V>;
    try {
      const checked = checkItem(this.#handle.id, item, index, settings.defaults);
      const options = this.#handle.options({ ...settings.request, ...(settings.signal ? { signal: settings.signal } : {}) });
      const { data } = await postSend(this.#handle, checked.recipient, checked.body, options);
      return { ok: true, index, item: typed, records: data };
    } catch (caught) {
      const error = asError(caught);
      const outcomeUnknown = error instanceof SendOutcomeUnknownError || (error as { outcomeUnknown?: unknown }).outcomeUnknown === true;
      return { ok: false, index, item: typed, error, outcomeUnknown };
    }
  }
}

export function sendMany<V>(handle: HandleLike, items: unknown, options: SendManyOptions | undefined): SendManyBatch<V> {
  return new SendManyBatch<V>(handle, items, options);
}
