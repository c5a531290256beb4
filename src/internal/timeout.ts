/**
 * Deadlines: a controller aborted when time runs out, and a promise bounded by a time. The timer is
 * cleared as soon as the work ends, and never keeps a process alive by itself (it is unref'd where
 * the platform can).
 */
import { MAX_TIMER_MS, raceSignal } from './abort.js';

/**
 * Aborts `controller` with `reason()` once `ms` pass. Returns a function that cancels the deadline;
 * aborting the controller for any other reason cancels it too.
 */
export function abortAfter(controller: AbortController, ms: number, reason: () => unknown): () => void {
  const timer = setTimeout(() => controller.abort(reason()), Math.min(Math.max(0, ms), MAX_TIMER_MS));
  (timer as { unref?: () => void }).unref?.();
  const cancel = () => clearTimeout(timer);
  controller.signal.addEventListener('abort', cancel, { once: true });
  return cancel;
}

/** Settles like `promise`, or rejects with `reason()` after `ms`; the late outcome of `promise` is ignored. */
export function withTimeout<T>(promise: Promise<T>, ms: number, reason: () => unknown): Promise<T> {
  const controller = new AbortController();
  const cancel = abortAfter(controller, ms, reason);
  return raceSignal(promise, controller.signal).finally(cancel);
}
