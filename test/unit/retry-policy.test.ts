import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../src/transport/attempt.js';
import { classify, errorCode, isNetworkError } from '../../src/transport/classify.js';

const response = (status: number): AttemptResult => ({
  kind: 'response',
  response: new Response(null, { status: status === 204 ? 204 : status }),
  durationMs: 1,
});
const failed = (failure: 'abort' | 'timeout' | 'network', cause?: unknown, status?: number): AttemptResult => ({
  kind: 'failed',
  failure,
  cause,
  status,
  durationMs: 1,
});
const netError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('classify', () => {
  it.each([200, 201, 204, 400, 401, 404, 409, 422])('does not retry %i', (status) => {
    expect(classify(response(status), 'POST', false)).toMatchObject({
      retryable: false,
      mayHaveApplied: false,
      blockedByIdempotency: false,
    });
  });

  it.each([408, 429])('retries %i for any operation: the API did not process it', (status) => {
    expect(classify(response(status), 'POST', false)).toMatchObject({ retryable: true, mayHaveApplied: false });
  });

  it.each([500, 502, 503, 504])('retries %i only when the operation is idempotent', (status) => {
    expect(classify(response(status), 'GET', true)).toMatchObject({ retryable: true, mayHaveApplied: false });
    expect(classify(response(status), 'PUT', true)).toMatchObject({ retryable: true, mayHaveApplied: true });
    expect(classify(response(status), 'POST', false)).toMatchObject({ retryable: false, mayHaveApplied: true, blockedByIdempotency: true });
  });

  it('does not retry other 5xx, but says a change may have been applied', () => {
    expect(classify(response(501), 'POST', true)).toMatchObject({ retryable: false, mayHaveApplied: true, blockedByIdempotency: false });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])('retries %s for any operation: nothing was sent', (code) => {
    expect(classify(failed('network', netError(code)), 'POST', false)).toMatchObject({
      retryable: true,
      mayHaveApplied: false,
      reason: code,
    });
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])('retries %s only when idempotent: the request may have arrived', (code) => {
    expect(classify(failed('network', netError(code)), 'DELETE', true)).toMatchObject({ retryable: true, mayHaveApplied: true });
    expect(classify(failed('network', netError(code)), 'POST', false)).toMatchObject({
      retryable: false,
      mayHaveApplied: true,
      blockedByIdempotency: true,
    });
  });

  it('treats a failure after the status line as "maybe applied", whatever the code', () => {
    expect(classify(failed('network', netError('ECONNREFUSED'), 201), 'POST', false)).toMatchObject({
      retryable: false,
      mayHaveApplied: true,
    });
  });

  it('treats a browser "Failed to fetch" (no code) as maybe sent', () => {
    expect(classify(failed('network', new TypeError('Failed to fetch')), 'POST', false)).toMatchObject({
      retryable: false,
      mayHaveApplied: true,
    });
  });

  it('retries timeouts only when idempotent; never retries an abort', () => {
    expect(classify(failed('timeout'), 'GET', true)).toMatchObject({ retryable: true, mayHaveApplied: false });
    expect(classify(failed('timeout'), 'POST', false)).toMatchObject({
      retryable: false,
      mayHaveApplied: true,
      blockedByIdempotency: true,
    });
    expect(classify(failed('abort'), 'GET', true)).toMatchObject({ retryable: false });
  });

  it('finds error codes where undici puts them, and tells network errors from bugs', () => {
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(errorCode(aggregate)).toBe('ECONNREFUSED');
    expect(isNetworkError(new TypeError('fetch failed'))).toBe(true);
    expect(isNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new RangeError('bug'))).toBe(false);
    expect(isNetworkError(new Error('thrown by a custom fetch'))).toBe(false);
  });
});
