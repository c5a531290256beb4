import { describe, expect, it, vi } from 'vitest';
import * as errors from '../../src/errors.js';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InvalidResponseError,
  InventApiError,
  InventConfigError,
  InventError,
  InventValidationError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { apiErrorClass } from '../../src/errors.js';

const apiError = (status: number, body: unknown = { message: 'nope' }, headers: HeadersInit = {}) =>
  InventApiError.from(new Response(null, { status, headers }), body, 'assistants.list');

describe('the error hierarchy', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [599, ServerError],
  ] as const)('builds %i as %s', (status, Class) => {
    const error = apiError(status);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(InventApiError);
    expect(error).toBeInstanceOf(InventError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(Class.errorName);
    expect(error.status).toBe(status);
  });

  it.each([402, 403, 405, 418])('keeps %i a plain InventApiError', (status) => {
    const error = apiError(status);
    expect(error.constructor).toBe(InventApiError);
    expect(error).not.toBeInstanceOf(ServerError);
    expect(apiErrorClass(status)).toBe(InventApiError);
  });

  it('reads message, code and request id from the response', () => {
    const error = apiError(404, { message: 'Assistant not found', code: 'not_found' }, { 'x-request-id': 'req_42' });
    expect(error).toMatchObject({
      message: 'assistants.list failed with 404: Assistant not found',
      code: 'not_found',
      requestId: 'req_42',
      operation: 'assistants.list',
      outcomeUnknown: false,
      attempts: 1,
    });
    expect(error.headers.get('x-request-id')).toBe('req_42');
    expect(apiError(400, { message: ['name is required', 'take must be <= 100'] }).message).toBe(
      'assistants.list failed with 400: name is required; take must be <= 100',
    );
    expect(apiError(400, { error: { message: 'bad', code: 12 } })).toMatchObject({
      message: 'assistants.list failed with 400: bad',
      code: '12',
    });
    expect(apiError(502, '<html>Bad Gateway</html>').message).toBe('assistants.list failed with 502: <html>Bad Gateway</html>');
  });

  it('says when a request may have been applied, and why it was not retried', () => {
    const error = InventApiError.from(new Response(null, { status: 503 }), { message: 'down' }, 'assistants.create', {
      outcomeUnknown: true,
      outcomeNote: 'it was not retried because assistants.create is not idempotent',
    });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe(
      'assistants.create failed with 503: down; the request may have been applied; it was not retried because assistants.create is not idempotent',
    );
  });

  it('gives RateLimitError the wait the API asked for', () => {
    const error = InventApiError.from(new Response(null, { status: 429 }), {}, 'assistants.list', { retryAfterMs: 30_000, attempts: 3 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(error.message).toBe('assistants.list failed with 429 (after 3 attempts)');
  });

  it('has errors for calls that got no answer', () => {
    const timeout = new TimeoutError({
      operation: 'assistants.create',
      timeoutMs: 100,
      outcomeUnknown: true,
      outcomeNote: 'it was not retried because assistants.create is not idempotent',
    });
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout).toBeInstanceOf(InventError);
    expect(timeout).not.toBeInstanceOf(InventApiError);
    expect(timeout.message).toBe(
      'assistants.create failed: timed out after 100 ms; the request may have been applied; it was not retried because assistants.create is not idempotent',
    );
    const cause = new TypeError('fetch failed');
    const refused = new ConnectionError({ operation: 'assistants.list', detail: 'connection refused (ECONNREFUSED)', attempts: 3, cause });
    expect(refused.message).toBe('assistants.list failed: connection refused (ECONNREFUSED) (after 3 attempts)');
    expect(refused.cause).toBe(cause);
    expect(refused).not.toBeInstanceOf(TimeoutError);
    const aborted = new AbortError({ operation: 'assistants.list' });
    expect(aborted.message).toBe('assistants.list was aborted');
    expect(aborted).not.toBeInstanceOf(ConnectionError);
    const invalid = new InvalidResponseError({
      operation: 'assistants.create',
      status: 201,
      headers: new Headers({ 'request-id': 'r1' }),
      detail: 'Unexpected end of JSON input',
    });
    expect(invalid).toMatchObject({ status: 201, requestId: 'r1' });
    expect(invalid.message).toMatch(/assistants.create answered 201 .*; the request was applied$/);
  });

  it('declares an errorName on every class it exports', () => {
    const classes = Object.values(errors).filter(
      (value): value is typeof InventError => typeof value === 'function' && value.prototype instanceof Error,
    );
    expect(classes.length).toBe(17);
    const names = new Set<string>();
    for (const Class of classes) {
      expect(Object.prototype.hasOwnProperty.call(Class, 'errorName'), Class.name).toBe(true);
      names.add(Class.errorName);
    }
    expect(names.size).toBe(classes.length);
  });
});

describe('instanceof across two loaded copies of the package', () => {
  it('recognises errors made by another copy, both ways', async () => {
    vi.resetModules();
    const copy = (await import('../../src/errors.js')) as typeof errors;
    expect(copy.InventError).not.toBe(InventError);
    expect(copy.RateLimitError).not.toBe(RateLimitError);

    const fromCopy = copy.InventApiError.from(new Response(null, { status: 429 }), {}, 'assistants.list', { retryAfterMs: 1000 });
    expect(fromCopy).toBeInstanceOf(RateLimitError);
    expect(fromCopy).toBeInstanceOf(InventApiError);
    expect(fromCopy).toBeInstanceOf(InventError);
    expect(fromCopy).not.toBeInstanceOf(ServerError);
    expect(fromCopy).not.toBeInstanceOf(InventConfigError);

    const fromHere = new TimeoutError({ operation: 'assistants.list', timeoutMs: 5 });
    expect(fromHere).toBeInstanceOf(copy.TimeoutError);
    expect(fromHere).toBeInstanceOf(copy.ConnectionError);
    expect(fromHere).toBeInstanceOf(copy.InventError);
    expect(fromHere).not.toBeInstanceOf(copy.AbortError);
    expect(new InventValidationError('x')).not.toBeInstanceOf(copy.InventApiError);
    expect(new Error('plain')).not.toBeInstanceOf(copy.InventError);
    expect(null).not.toBeInstanceOf(copy.InventError);
  });
});
