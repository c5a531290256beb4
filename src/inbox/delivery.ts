/**
 * Where events go: every event exactly once (de-duplicated by key), to every iterator and listener, in
 * order. While a reconciliation runs, live events are held and delivered right after it, so missed
 * changes come first. A throwing listener is reported as an `error`, never breaks delivery.
 */
import type { InventError } from '../errors.js';
import { InboxEventError, InboxListenerError } from './errors.js';
import { dedupKey, eventChatId, eventTime, type InboxEvent, parseFrame } from './events.js';
import { BoundedMap, BoundedSet, EventQueue } from './queue.js';
import type { ReconcileCutoff } from './reconcile-cutoff.js';
import { frameText } from './socket.js';
import type { InboxListener, InboxListenerMap, InboxStats } from './types.js';

export class Delivery {
  readonly stats: InboxStats = { received: 0, delivered: 0, reconciled: 0, duplicates: 0, dropped: 0, rejected: 0, reconnects: 0 };
  readonly #listeners = new Map<string, Set<(payload: any) => void>>();
  readonly #queues = new Set<EventQueue<InboxEvent>>();
  readonly #seenKeys: BoundedSet;
  /** The newest activity time delivered per chat, for reconciliation to skip what was seen. */
  readonly #chatSeen: BoundedMap<number>;
  readonly #bufferSize: number;
  readonly #cutoff: ReconcileCutoff;
  /** Live events held while a reconciliation runs. */
  #held: InboxEvent[] | undefined;
  #ended = false;
  #error: InventError | undefined;

  constructor(bufferSize: number, dedupSize: number, cutoff: ReconcileCutoff) {
    this.#bufferSize = bufferSize;
    this.#seenKeys = new BoundedSet(dedupSize);
    this.#chatSeen = new BoundedMap(dedupSize);
    this.#cutoff = cutoff;
  }

  on<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  off<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void {
    this.#listeners.get(type)?.delete(listener);
  }

  emit<K extends keyof InboxListenerMap>(type: K, payload: InboxListenerMap[K]): void {
    const set = this.#listeners.get(type);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        // Errors of `error` listeners are dropped: reporting them would loop.
        if (type !== 'error') this.emit('error', new InboxListenerError(type, error));
      }
    }
  }

  /** A new async iterator, with its own bounded buffer; one made after the end finishes at once. */
  iterator(): EventQueue<InboxEvent> {
    const queue: EventQueue<InboxEvent> = new EventQueue<InboxEvent>(
      this.#bufferSize,
      (event) => this.#dropped(event),
      (q) => this.#queues.delete(q),
    );
    if (this.#ended) queue.end(this.#error);
    else this.#queues.add(queue);
    return queue;
  }

  /** No more events: iterators drain their buffers, then finish (or throw `error`). */
  end(error?: InventError): void {
    this.#ended = true;
    this.#error = error;
    for (const queue of this.#queues) queue.end(error);
    this.#queues.clear();
  }

  /** A frame from the socket: decoded, checked, then delivered (or held); a late-decoded one only while `current()`. */
  receive(data: unknown, current: () => boolean): void {
    this.stats.received++;
    const text = frameText(data);
    if (typeof text === 'string') return this.#onFrame(text);
    text.then(
      (t) => current() && this.#onFrame(t),
      (cause) =>
        this.emit(
          'error',
          new InboxEventError(`an inbox frame could not be read: ${String(cause)}`, { reason: 'invalid-event', frame: '' }),
        ),
    );
  }

  /** Delivers `event` unless it was already; returns whether it was. */
  deliver(event: InboxEvent): boolean {
    const key = dedupKey(event);
    if (key !== undefined) {
      if (this.#seenKeys.has(key)) {
        this.stats.duplicates++;
        return false;
      }
      this.#seenKeys.add(key);
    }
    const at = eventTime(event);
    if (!event.reconciled) this.#cutoff.eventAt(at);
    if (event.type !== 'typing' && at !== undefined) {
      const chatId = eventChatId(event);
      this.#chatSeen.set(chatId, Math.max(this.#chatSeen.get(chatId) ?? -Infinity, at));
    }
    this.stats.delivered++;
    if (event.reconciled) this.stats.reconciled++;
    for (const queue of this.#queues) queue.push(event);
    this.emit('event', event);
    this.emit(event.type, event as never);
    return true;
  }

  /** The newest activity time delivered for a chat. */
  seenAt(chatId: string): number {
    return this.#chatSeen.get(chatId) ?? -Infinity;
  }

  /** Live events wait from now until `release()`. */
  hold(): void {
    this.#held ??= [];
  }

  /** Delivers the held events, and stops holding. */
  release(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held) for (const event of held) this.deliver(event);
  }

  #onFrame(text: string): void {
    const parsed = parseFrame(text);
    if (parsed.kind === 'invalid') {
      this.stats.rejected++;
      this.emit('error', new InboxEventError(parsed.message, { reason: parsed.reason, frame: text, data: parsed.data }));
    } else if (parsed.kind === 'unknown') {
      this.stats.rejected++;
      this.emit('unknown', { type: parsed.type, data: parsed.data });
    } else if (this.#held) {
      this.#held.push(parsed.event);
      if (this.#held.length > this.#bufferSize) this.#dropped(this.#held.shift()!);
    } else {
      this.deliver(parsed.event);
    }
  }

  #dropped(event: InboxEvent): void {
    this.stats.dropped++;
    this.emit('dropped', { event, total: this.stats.dropped });
  }
}
