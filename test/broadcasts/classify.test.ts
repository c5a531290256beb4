/** The rule table that turns a refused or failed send into an error a caller can act on. */
import { describe, expect, it } from 'vitest';
import { classifySendError, matchRefusal, SEND_REFUSAL_RULES } from '../../src/broadcasts/classify.js';
import {
  AbortError,
  BadRequestError,
  BroadcastNotActiveError,
  ConnectionError,
  InventApiError,
  NotFoundError,
  RateLimitError,
  RecipientRejectedError,
  SendOutcomeUnknownError,
  SendRateLimitError,
  SendValidationError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';

const context = { broadcastId: 'brd_1', recipient: { email: 'ana@example.com' }, startedAt: new Date('2026-11-20T11:02:00Z') };
const apiError = (status: number, body: unknown, extra: { outcomeUnknown?: boolean; retryAfterMs?: number } = {}) =>
  InventApiError.from(new Response(null, { status, headers: { 'x-request-id': 'req_1' } }), body, 'broadcasts.send', extra);
const classify = (status: number, body: unknown) => classifySendError(apiError(status, body), context);

describe('refusals, from the error body', () => {
  it.each([
    [{ statusCode: 400, message: 'Contact is unsubscribed' }, RecipientRejectedError, 'unsubscribed'],
    [{ statusCode: 400, message: 'The recipient has opted out' }, RecipientRejectedError, 'unsubscribed'],
    [{ statusCode: 400, message: 'Contact is blocked' }, RecipientRejectedError, 'blocked'],
    [{ statusCode: 400, code: 'CONTACT_BLOCKED', message: 'Refused' }, RecipientRejectedError, 'blocked'],
    [{ statusCode: 403, code: 'contact-unsubscribed' }, RecipientRejectedError, 'unsubscribed'],
  ])('%j -> %o', (body, Class, reason) => {
    const error = classify(body.statusCode, body) as RecipientRejectedError;
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      reason,
      broadcastId: 'brd_1',
      recipient: { email: 'ana@example.com' },
      status: body.statusCode,
      requestId: 'req_1',
    });
  });

  it.each([
    [{ message: 'Broadcast is not active' }, undefined],
    [{ message: 'Broadcast is paused' }, 'PAUSED'],
    [{ message: 'This broadcast is still a draft' }, 'DRAFT'],
    [{ code: 'BROADCAST_PAUSED', message: 'Refused' }, 'PAUSED'],
    [{ error: { message: 'broadcast not activated' } }, undefined],
  ])('%j -> BroadcastNotActiveError (%s)', (body, status) => {
    const error = classify(400, body);
    expect(error).toBeInstanceOf(BroadcastNotActiveError);
    expect(error).toMatchObject({ broadcastId: 'brd_1', broadcastStatus: status });
  });

  it('a validation answer (NestJS lists its messages) -> SendValidationError with the violations', () => {
    const error = classify(400, { statusCode: 400, message: ['phone must be a valid phone number', 'template_ids must be an array'] });
    expect(error).toBeInstanceOf(SendValidationError);
    expect(error).toMatchObject({ violations: ['phone must be a valid phone number', 'template_ids must be an array'] });
    expect((error as Error).message).toBe(
      'broadcasts.send failed with 400: phone must be a valid phone number; template_ids must be an array',
    );
    expect(classify(422, { message: 'template btp_9 does not exist' })).toBeInstanceOf(SendValidationError);
  });

  it('keeps the original error as the cause and the message as the API gave it (scrubbed)', () => {
    const original = InventApiError.from(
      new Response(null, { status: 400 }),
      { message: 'Contact is unsubscribed (key sk_live_x)' },
      'broadcasts.send',
      { redact: (t) => t.replace('sk_live_x', '[redacted]') },
    );
    const error = classifySendError(original, context) as Error;
    expect(error.message).toBe('broadcasts.send failed with 400: Contact is unsubscribed (key [redacted])');
    expect(error.cause).toBe(original);
  });

  it('falls back to the class the status gave: an unrecognised 400 stays a plain BadRequestError', () => {
    const error = classify(400, { message: 'Something odd' });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).not.toBeInstanceOf(RecipientRejectedError);
    expect(error).not.toBeInstanceOf(SendValidationError);
    expect(error?.constructor).toBe(BadRequestError);
  });

  it('applies only to refusal statuses: a 404 stays a NotFoundError whatever its message', () => {
    expect(classify(404, { message: 'Broadcast is not active' })?.constructor).toBe(NotFoundError);
  });

  it('is data: the table is ordered, codes first', () => {
    expect(SEND_REFUSAL_RULES.map((r) => r.kind)).toEqual([
      'recipient-blocked',
      'recipient-unsubscribed',
      'broadcast-not-active',
      'invalid-request',
    ]);
    // A code decides even when a message would match another row.
    expect(matchRefusal(400, 'BROADCAST_PAUSED', ['contact is blocked'])?.kind).toBe('broadcast-not-active');
  });
});

describe('the request path’s verdicts, re-labelled for the send', () => {
  it('a 429 that waiting did not fix -> SendRateLimitError (nothing was sent), keeping retryAfterMs', () => {
    const error = classifySendError(apiError(429, { message: 'Too many requests' }, { retryAfterMs: 30_000 }), context);
    expect(error).toBeInstanceOf(SendRateLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 30_000, broadcastId: 'brd_1', outcomeUnknown: false });
  });

  it('says "(after 3 attempts)" once in a SendRateLimitError message', () => {
    const cause = InventApiError.from(new Response(null, { status: 429 }), { message: 'Too many requests' }, 'broadcasts.send', {
      attempts: 3,
      retryAfterMs: 30_000,
    });
    const error = classifySendError(cause, context);
    expect(error).toBeInstanceOf(SendRateLimitError);
    expect((error as Error).message).toBe('broadcasts.send failed with 429: Too many requests (after 3 attempts)');
  });

  it('a 5xx after the send -> SendOutcomeUnknownError with the broadcast, the recipient, the attempts and a hint', () => {
    const cause = apiError(502, { message: 'bad gateway' }, { outcomeUnknown: true });
    const error = classifySendError(cause, context) as SendOutcomeUnknownError;
    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(error).toMatchObject({
      broadcastId: 'brd_1',
      recipient: { email: 'ana@example.com' },
      attempts: 1,
      status: 502,
      requestId: 'req_1',
      outcomeUnknown: true,
      startedAt: context.startedAt,
    });
    expect(error.cause).toBe(cause);
    expect(cause).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(
      /^send to broadcast brd_1 for email ana@example\.com: the outcome is unknown \(broadcasts\.send failed with 502: bad gateway; the request may have been applied\)\. It was not sent again/,
    );
    expect(error.message).toContain('findRecipients(error.recipient, { since: error.startedAt })');
  });

  it('a timeout or a lost connection after the send -> SendOutcomeUnknownError; a refused connection stays a ConnectionError', () => {
    const timeout = new TimeoutError({ operation: 'broadcasts.send', timeoutMs: 1000, outcomeUnknown: true });
    expect(classifySendError(timeout, context)).toBeInstanceOf(SendOutcomeUnknownError);
    const refused = new ConnectionError({
      operation: 'broadcasts.send',
      detail: 'connection refused (ECONNREFUSED)',
      attempts: 3,
    });
    expect(classifySendError(refused, context)).toBe(refused);
  });

  it('an abort stays an AbortError (the caller asked for it; it says whether the outcome is unknown)', () => {
    const abort = new AbortError({ operation: 'broadcasts.send', outcomeUnknown: true });
    expect(classifySendError(abort, context)).toBe(abort);
  });
});
