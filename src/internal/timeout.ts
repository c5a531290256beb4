/**
 * Deadlines: a controller aborted when time runs out, and a promise bounded by a time. The timer is
 * cleared as soon as the work ends, and never keeps a process alive by itself (it is unref'd where
 * the platform can).
 */
import { MAX_TIMER_MS } from './abort.js';

function deadline(ms: number, onExpiry: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(onExpiry, Math.min(Math.max(0, ms), MAX_TIMER_MS));
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * Aborts `controller` with `reason()` once `ms` pass. Returns a function that cancels the deadline;
 * aborting the controller for any other reason cancels it too.
 */
export function abortAfter(controller: AbortController, ms: number, reason: () => unknown): () => void {
  const timer = deadline(ms, () => controller.abort(reason()));
  const cancel = () => clearTimeout(timer);
  controller.signal.addEventListener('abort', cancel, { once: true });
  return cancel;
}

/**
 * Settles like `promise`, or rejects with `reason()` after `ms`; the late outcome of `promise` is
 * ignored. No AbortController: this bounds every Redis command, where one would cost more than the rest.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, reason: () => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = deadline(ms, () => reject(reason()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
