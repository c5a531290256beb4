/**
 * The attempt loop: rate-limit admission -> one attempt under its timeout -> classify -> retry with
 * backoff, or hand back the final response, or throw the typed error for a call that got no answer.
 *
 * Policy (see ./classify.ts for which outcomes may be repeated):
 * - at most `maxRetries` retries (default 2), per client and per call;
 * - the wait before a retry is the response's Retry-After / retry-after-ms when it gives one, else
 *   exponential backoff with full jitter (../internal/backoff.ts); never less than `minDelayMs`;
 * - the waits of one call add up to at most `budgetMs`: a retry whose wait would go past it is not
 *   made, so an absurd Retry-After fails the call at once (a 429 then throws RateLimitError with the
 *   `retryAfterMs` asked for) instead of sleeping for an hour or spinning;
 * - a 429 also pauses the call's rate-limit group for the wait, so queued calls of the group wait too;
 * - the caller's `signal` ends everything at once: an attempt, the limiter queue, a backoff sleep.
 *
 * No Node-only API: this runs in browsers and edge runtimes.
 */
import {
  AbortError,
  ConnectionError,
  InventValidationError,
  RedirectError,
  requestIdOf,
  ResponseTooLargeError,
  TimeoutError,
} from '../errors.js';
import { sleep } from '../internal/abort.js';
import { type BackoffPolicy, backoffDelay } from '../internal/backoff.js';
import { parseRetryAfter } from '../internal/retry-after.js';
import { type AttemptResult, type PlatformFetch, runAttempt } from './attempt.js';
import type { BodyTooLarge } from './body-limit.js';
import { classify, errorCode, isNetworkError, isSafeMethod } from './classify.js';
import type { Log } from './logger.js';
import type { OutgoingRequest } from './outgoing.js';
import type { ClientLimiter } from './rate-limit/index.js';
import type { RequestContext, Send } from './types.js';

export interface RetryPolicy extends BackoffPolicy {
  maxRetries: number;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** The most one call may spend waiting between attempts, in milliseconds. */
  budgetMs: number;
  /** The most bytes a response body may have, decoded. */
  maxResponseBytes: number;
}

export interface RequestLoopDeps {
  fetch: PlatformFetch;
  /** The platform fetch may ignore its signal (a custom fetch): race every wait against the signal too. */
  raceSignal: boolean;
  policy: RetryPolicy;
  limiter: ClientLimiter | undefined;
  log: Log;
  now: () => number;
  random?: () => number;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
};

function describeFailure(result: Extract<AttemptResult, { kind: 'failed' }>): string {
  const code = errorCode(result.cause);
  const words = (code && NETWORK_WORDS[code]) ?? (result.cause instanceof Error ? result.cause.message : 'network error');
  const what = code && words !== code ? `${words} (${code})` : words;
  return result.status !== undefined ? `${what} while reading the ${result.status} response` : what;
}

/** What an error says about a request that may have been applied (module-level: no closures per call). */
function outcomeNote(label: string, mayHaveApplied: boolean, blockedByIdempotency: boolean, idempotent: boolean): string | undefined {
  if (!mayHaveApplied) return undefined;
  if (blockedByIdempotency) return `it was not retried because ${label} is not idempotent`;
  return idempotent ? `${label} is idempotent, so it is safe to send again` : undefined;
}

function abortError(context: RequestContext, signal: AbortSignal, mayHaveApplied: boolean, idempotent: boolean): AbortError {
  return new AbortError({
    operation: context.label,
    outcomeUnknown: mayHaveApplied,
    outcomeNote: outcomeNote(context.label, mayHaveApplied, false, idempotent),
    attempts: context.state.attempts,
    cause: signal.reason,
  });
}

/** Statuses that redirect: never followed, since Invent documents none (a 304 is not one). */
const REDIRECT_STATUS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** A redirect answer: a 3xx with a target, or the opaque one browsers give for `redirect: 'manual'`. */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || REDIRECT_STATUS.has(response.status);
}

/** Fields for a log line: never headers, never the query string. */
function logFields(request: OutgoingRequest, context: RequestContext, attempt: number, extra: Record<string, string | number | undefined>) {
  return { operation: context.label, method: request.method, path: context.path, url: new URL(request.url).pathname, attempt, ...extra };
}

export function createRequestLoop(deps: RequestLoopDeps): Send {
  const { policy, limiter, log, now } = deps;
  const random = deps.random ?? Math.random;

  return async function send(request: OutgoingRequest, context: RequestContext): Promise<Response> {
    const { label, state } = context;
    const method = request.method;
    // From the generated metadata; a call outside the contract is idempotent only if its method is safe.
    const idempotent = context.operation ? context.operation.idempotent : isSafeMethod(method);
    const maxRetries = context.call.maxRetries ?? policy.maxRetries;
    const timeoutMs = context.call.timeout ?? policy.timeoutMs;
    const maxResponseBytes = context.call.maxResponseBytes ?? policy.maxResponseBytes;
    // The caller's `signal`, when the call has one (openapi-fetch puts it on the request).
    const caller = request.signal;
    // A streamed body is read once: before an attempt that may be followed by another, it is split and
    // the next attempt sends the other branch. Every other body is sent again as it is.
    let pending = request;
    let waited = 0;
    let mayHaveApplied = false;

    for (let attempt = 1; ; attempt++) {
      let lease = limiter?.admitNow(context);
      if (limiter && !lease) {
        try {
          lease = await limiter.admit(context, caller, attempt, timeoutMs);
        } catch (error) {
          if (caller?.aborted) throw abortError(context, caller, mayHaveApplied, idempotent);
          throw error;
        }
      }
      // Aborted before this attempt was sent (with no limiter to notice): nothing more went out.
      if (caller?.aborted) {
        lease?.release();
        throw abortError(context, caller, mayHaveApplied, idempotent);
      }
      let outgoing = pending;
      const halves = attempt <= maxRetries ? pending.split() : undefined;
      if (halves) [outgoing, pending] = halves;
      let result: AttemptResult;
      try {
        result = await runAttempt(deps.fetch, outgoing, caller, {
          timeoutMs,
          buffer: !context.streaming,
          maxResponseBytes,
          race: deps.raceSignal,
          now,
          lease,
        });
      } finally {
        lease?.release();
      }
      state.attempts = attempt;

      // A custom fetch that threw something other than a network error did so on purpose: pass it on.
      // A failure while reading a body is always the call's ConnectionError.
      if (result.kind === 'failed' && result.failure === 'network' && result.status === undefined) {
        if (!isNetworkError(result.cause)) throw result.cause;
        // A request the platform cannot build never left: the call's own mistake, reported at once.
        const unbuildable = attempt === 1 ? request.unbuildable() : undefined;
        if (unbuildable)
          throw new InventValidationError(`${label}: the request cannot be sent: ${unbuildable.message}`, { cause: unbuildable });
      }
      if (result.kind === 'failed' && result.failure === 'too-large') {
        const tooLarge = result.cause as BodyTooLarge;
        throw new ResponseTooLargeError({
          operation: label,
          status: result.status ?? 0,
          headers: tooLarge.headers ?? new Headers(),
          limitBytes: tooLarge.limitBytes,
          receivedBytes: tooLarge.receivedBytes,
          declared: tooLarge.declared,
          attempts: attempt,
        });
      }
      if (result.kind === 'response' && isRedirect(result.response)) {
        throw new RedirectError({
          operation: label,
          status: result.response.status,
          headers: result.response.headers,
          location: result.response.headers.get('location') ?? undefined,
          attempts: attempt,
        });
      }
      const verdict = classify(result, method, idempotent);
      mayHaveApplied ||= verdict.mayHaveApplied;
      const response = result.kind === 'response' ? result.response : undefined;
      if (log.enabled('debug')) {
        log.debug(
          `${method} ${context.path ?? ''} attempt ${attempt} -> ${response ? response.status : verdict.reason} in ${Math.round(result.durationMs)} ms`,
          logFields(request, context, attempt, {
            status: response?.status,
            failure: response ? undefined : verdict.reason,
            durationMs: Math.round(result.durationMs),
            requestId: response ? requestIdOf(response.headers) : undefined,
          }),
        );
      }
      if (result.kind === 'failed' && result.failure === 'abort') throw abortError(context, caller!, mayHaveApplied, idempotent);

      // Only an answer that may lead to a wait says how long: skip the header parsing on success.
      const retryAfterMs = response && (verdict.retryable || response.status === 429) ? parseRetryAfter(response.headers) : undefined;
      let delay: number | undefined;
      let stop: string | undefined;
      if (!verdict.retryable) stop = verdict.blockedByIdempotency ? 'not idempotent' : undefined;
      else if (attempt > maxRetries) stop = 'out of retries';
      else {
        delay = retryAfterMs !== undefined ? Math.max(policy.minDelayMs, retryAfterMs) : backoffDelay(attempt, policy, random);
        if (waited + delay > policy.budgetMs)
          stop =
            retryAfterMs !== undefined ? `asked to wait ${Math.round(retryAfterMs)} ms, beyond the retry budget` : 'out of retry budget';
      }
      if (response?.status === 429 && limiter) limiter.pause(context, retryAfterMs ?? delay ?? backoffDelay(attempt, policy, random));

      if (delay === undefined || stop !== undefined) {
        // Final: hand back the response (openapi-fetch or the throwing call turns it into data or an error), or throw.
        const note = outcomeNote(label, mayHaveApplied, verdict.blockedByIdempotency, idempotent);
        const level = mayHaveApplied ? 'warn' : 'info';
        if (stop && (verdict.retryable || verdict.blockedByIdempotency) && log.enabled(level)) {
          log[level](
            `${label} gave up after attempt ${attempt}: ${verdict.reason}, ${stop}${mayHaveApplied ? '; the request may have been applied' : ''}`,
            logFields(request, context, attempt, { reason: verdict.reason, stop }),
          );
        }
        if (response) {
          state.outcomeUnknown = mayHaveApplied;
          state.outcomeNote = note;
          state.retryAfterMs = retryAfterMs;
          state.response = response;
          if (!context.streaming) return response;
          const { limitStreamedBody } = await import('./body-limit-stream.js'); // streaming calls only
          return limitStreamedBody(response, context, maxResponseBytes);
        }
        const failed = result as Extract<AttemptResult, { kind: 'failed' }>;
        const init = { operation: label, outcomeUnknown: mayHaveApplied, outcomeNote: note, attempts: attempt, cause: failed.cause };
        if (failed.failure === 'timeout') throw new TimeoutError({ ...init, timeoutMs });
        throw new ConnectionError({ ...init, detail: describeFailure(failed) });
      }

      if (context.streaming && response?.body) response.body.cancel().catch(() => {});
      if (log.enabled('info'))
        log.info(
          `retrying ${label} in ${Math.round(delay)} ms after ${verdict.reason} (attempt ${attempt} of ${maxRetries + 1})`,
          logFields(request, context, attempt, { reason: verdict.reason, delayMs: Math.round(delay), retryAfterMs }),
        );
      try {
        await sleep(delay, caller);
      } catch (error) {
        if (caller?.aborted) throw abortError(context, caller, mayHaveApplied, idempotent);
        throw error;
      }
      waited += delay;
    }
  };
}
