/**
 * One async iterator over the inbox, with a bounded buffer.
 *
 * Back-pressure policy: drop-oldest. Each iterator buffers at most `capacity` events that its consumer
 * has not pulled yet; when one more arrives, the oldest buffered event is dropped and handed to
 * `onDrop` (the connection reports it as a `dropped` event and counts it). The socket is never paused:
 * a paused socket stops reading pongs and close frames too, so a slow consumer would look like a dead
 * network and every other listener would starve with it.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #waiters: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }> = [];
  #ended = false;
  #error: unknown = undefined;
  #hasError = false;

  constructor(
    private readonly capacity: number,
    private readonly onDrop: (item: T) => void,
    private readonly onDetach: (queue: EventQueue<T>) => void,
  ) {}

  /** Events buffered and not yet pulled. */
  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve({ value: item, done: false });
      return;
    }
    this.#items.push(item);
    if (this.#items.length > this.capacity) this.onDrop(this.#items.shift() as T);
  }

  /** No more events: the consumer drains what is buffered, then the iterator finishes (or throws `error`, once). */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (error !== undefined) {
      this.#error = error;
      this.#hasError = true;
    }
    for (const waiter of this.#waiters.splice(0)) this.#settle(waiter);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
    if (this.#ended) return new Promise((resolve, reject) => this.#settle({ resolve, reject }));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** `break` in a `for await`: the iterator stops and leaves the connection. */
  return(): Promise<IteratorResult<T>> {
    this.#items = [];
    this.#hasError = false;
    this.end();
    this.onDetach(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #settle(waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }): void {
    if (this.#hasError) {
      this.#hasError = false;
      waiter.reject(this.#error);
    } else {
      waiter.resolve({ value: undefined, done: true });
    }
  }
}

/** A set that forgets its oldest entries past `capacity`: bounded memory for de-duplication. */
export class BoundedSet {
  #map = new Map<string, true>();
  constructor(private readonly capacity: number) {}
  has(key: string): boolean {
    return this.#map.has(key);
  }
  add(key: string): void {
    this.#map.delete(key);
    this.#map.set(key, true);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as string);
  }
  get size(): number {
    return this.#map.size;
  }
}

/** A map that forgets its least recently written entries past `capacity`. */
export class BoundedMap<V> {
  #map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as string);
  }
  get size(): number {
    return this.#map.size;
  }
}
