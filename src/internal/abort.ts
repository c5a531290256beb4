/**
 * Waiting that an AbortSignal can cut short: a sleep, and a race of any promise against a signal (the
 * abort scope a request attempt also uses, with its timeout). They reject with the signal's reason the
 * moment it aborts, and leave no timer or listener behind.
 */

/** setTimeout's largest delay; a longer one fires at once on every platform. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What an aborted signal rejects with: its reason, or a plain error where the platform gives none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

type Follower = (() => void) | { handleEvent(): void };
const followers = new WeakMap<AbortSignal, { readonly set: Set<Follower>; readonly fire: () => void }>();

/**
 * Runs `follower` when `signal` aborts, until `unfollow` (for a signal that has not aborted yet). The
 * signal gets one listener however many followers it has: the concurrent calls of a paginator, a batch
 * or an application often share one signal, and a listener each would trip Node's leak warning. The
 * listener goes when the last follower does (Node keeps `AbortSignal.any()` and `timeout()` signals
 * alive while they have one).
 */
export function follow(signal: AbortSignal, follower: Follower): void {
  let entry = followers.get(signal);
  if (!entry) {
    const set = new Set<Follower>();
    const fire = () => {
      // A follower that unfollows during the loop is skipped, as with removeEventListener.
      for (const f of set) typeof f === 'function' ? f() : f.handleEvent();
      followers.delete(signal);
    };
    entry = { set, fire };
    followers.set(signal, entry);
    signal.addEventListener('abort', fire, { once: true });
  }
  entry.set.add(follower);
}

export function unfollow(signal: AbortSignal, follower: Follower): void {
  const entry = followers.get(signal);
  if (!entry?.set.delete(follower) || entry.set.size > 0) return;
  signal.removeEventListener('abort', entry.fire);
  followers.delete(signal);
}

/** Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(
      () => {
        if (signal) unfollow(signal, onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    if (signal) follow(signal, onAbort);
  });
}

/**
 * An abort scope (one per request attempt): follows the caller's signal (when the call has one), and fires on the
 * timeout. Its AbortController is made only when the fetch reads `init.signal` (an AbortController
 * costs more than the rest of an in-memory call), and `race` settles a promise at the abort even
 * when the fetch ignores its signal. It is itself the fetch's init (`{ signal, redirect }`), with
 * `signal` an own enumerable getter so that `{ ...init }` in a custom fetch keeps it.
 */
export class AbortScope {
  readonly redirect = 'manual' as const;
  declare readonly signal: AbortSignal;
  /** Why the attempt was aborted (the caller's reason, else the timeout); undefined while it runs. */
  reason: unknown;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #timeoutMs: number;

  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    this.#caller = caller;
    this.#timeoutMs = timeoutMs;
    Object.defineProperty(this, 'signal', { get: this.#signal, enumerable: true });
    if (caller?.aborted) this.reason = abortReason(caller);
    else if (caller) follow(caller, this);
    if (this.reason === undefined && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)
      this.#timer = setTimeout(AbortScope.#onTimeout, timeoutMs, this);
  }

  /** The fetch asked for the signal: made now, already aborted when the attempt is. */
  #signal(this: AbortScope): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.reason !== undefined) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** The caller aborted (an EventListener object, so no closure per attempt). */
  handleEvent(): void {
    this.#fire(abortReason(this.#caller!));
  }

  static #onTimeout(self: AbortScope): void {
    self.#timer = undefined;
    self.#fire(new DOMException(`attempt timed out after ${self.#timeoutMs} ms`, 'TimeoutError'));
  }

  #fire(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.#controller?.abort(reason);
    this.#reject?.(reason);
  }

  /** Settles like `promise`, or rejects at the abort even if whatever makes `promise` ignores the signal. */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      if (this.reason !== undefined) reject(this.reason);
      promise.then(resolve, reject); // also takes the losing rejection
    });
  }

  /** Stops the timer; stops following the caller unless a streamed body still needs it. */
  done(keepLinked: boolean): void {
    this.#reject = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (!keepLinked && this.#caller) unfollow(this.#caller, this);
  }
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as the signal aborts, even when
 * whatever produces the promise ignores the signal. The losing promise's rejection is swallowed.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const scope = new AbortScope(signal, 0);
  const raced = scope.race(promise);
  raced.then(
    () => scope.done(false),
    () => scope.done(false),
  );
  return raced;
}
