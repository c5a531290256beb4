/**
 * Decides what an attempt's outcome means: whether it may be sent again, and whether the API may
 * already have applied it. This is the whole retry-safety policy; everything is decided from the
 * status or the kind of failure and the operation's `idempotent` flag in the generated metadata.
 *
 *   outcome                                     may have been applied   retried
 *   2xx, 3xx, 4xx other than 408/429            n/a (final)             no
 *   408, 429 (the API did not process it)       no                      any operation
 *   500, 502, 503, 504                          yes                     idempotent operations only
 *   other 5xx                                   yes                     no
 *   refused / DNS failure (never sent)          no                      any operation
 *   reset, closed, timeout (maybe sent)         yes                     idempotent operations only
 *   the caller aborted                          yes if it was sent      no
 *
 * GET, HEAD and OPTIONS change nothing, so they are never reported as "may have been applied".
 */
import type { AttemptResult } from './attempt.js';

/** Statuses worth sending again. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses by which the API says it did not process the request (RFC 9110 15.5.9; 429 by definition). */
const NOT_PROCESSED_STATUS: ReadonlySet<number> = new Set([408, 429]);

/** Error codes of failures that happen before a single byte of the request is sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a method is safe (reads only): such a request never "takes effect". */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export interface Verdict {
  /** The attempt succeeded or failed for good with a response to hand back. */
  readonly final: boolean;
  /** Sending it again is allowed (for this operation). */
  readonly retryable: boolean;
  /** The API may have applied this attempt. */
  readonly mayHaveApplied: boolean;
  /** A retryable failure that was not retried only because the operation is not idempotent. */
  readonly blockedByIdempotency: boolean;
  /** Words for logs: `503`, `ECONNRESET`, `timeout`. */
  readonly reason: string;
}

/** The `code` of a platform network error (undici puts it on `cause`, sometimes nested in an AggregateError). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (Array.isArray(errors) && errors.length) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    current = cause;
  }
  return undefined;
}

/**
 * Whether an error thrown by `fetch` is a network failure (as opposed to a bug or an error thrown on
 * purpose by a custom fetch). `fetch` reports network failures as TypeError on every platform.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (typeof DOMException !== 'undefined' && error instanceof DOMException) return error.name === 'NetworkError';
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code);
}

export function classify(result: AttemptResult, method: string, idempotent: boolean): Verdict {
  const safe = isSafeMethod(method);
  if (result.kind === 'response') {
    const status = result.response.status;
    const reason = String(status);
    if (!RETRYABLE_STATUS.has(status)) {
      return { final: true, retryable: false, mayHaveApplied: !safe && status >= 500, blockedByIdempotency: false, reason };
    }
    if (NOT_PROCESSED_STATUS.has(status))
      return { final: true, retryable: true, mayHaveApplied: false, blockedByIdempotency: false, reason };
    return { final: true, retryable: idempotent, mayHaveApplied: !safe, blockedByIdempotency: !idempotent, reason };
  }
  if (result.failure === 'abort')
    return { final: false, retryable: false, mayHaveApplied: !safe, blockedByIdempotency: false, reason: 'aborted' };
  if (result.failure === 'timeout')
    return { final: false, retryable: idempotent, mayHaveApplied: !safe, blockedByIdempotency: !idempotent, reason: 'timeout' };
  const code = errorCode(result.cause);
  const reason = code ?? (result.cause instanceof Error ? result.cause.message : 'network error');
  if (result.status === undefined && code !== undefined && NOT_SENT_CODES.has(code)) {
    return { final: false, retryable: true, mayHaveApplied: false, blockedByIdempotency: false, reason };
  }
  return { final: false, retryable: idempotent, mayHaveApplied: !safe, blockedByIdempotency: !idempotent, reason };
}
