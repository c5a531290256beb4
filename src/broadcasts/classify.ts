/**
 * What a failed transactional send means, for the caller: a rule table over the error the request
 * path produced.
 *
 * Invent documents that a trigger is refused ("the API returns an error and no message is sent") when
 * the recipient is unsubscribed or blocked and when the broadcast is not active, but documents neither
 * the status nor the body of that refusal; the contract declares it as 400. So refusals are recognised
 * from the error body's `code` (when the API sends one) or its `message`, by the first matching row of
 * SEND_REFUSAL_RULES, for the statuses in REFUSAL_STATUSES. Anything else keeps the class the status
 * gave it (a plain BadRequestError for an unrecognised 400). When the real bodies are known, this table
 * is the one place to change.
 *
 * The request path's own verdicts are kept, only re-labelled for the send:
 * - a 429 after the retries allowed is a SendRateLimitError (nothing was sent);
 * - an error whose outcome is unknown (a 5xx, a timeout, a connection lost after the request was
 *   written: never repeated, since sendTransactionalBroadcast is not idempotent) is a
 *   SendOutcomeUnknownError. An AbortError stays as it is (the caller asked for it; it has
 *   `outcomeUnknown` too).
 */
import { AbortError, InventApiError, InventError, RateLimitError, type ApiErrorInit } from '../errors.js';
import {
  BroadcastNotActiveError,
  RecipientRejectedError,
  SendOutcomeUnknownError,
  SendRateLimitError,
  SendValidationError,
  type RecipientSummary,
} from './errors.js';

export type RefusalKind = 'recipient-blocked' | 'recipient-unsubscribed' | 'broadcast-not-active' | 'invalid-request';

export interface SendRefusalRule {
  readonly kind: RefusalKind;
  /** Error codes (compared case-insensitively, `-`/space as `_`) that mean this refusal. */
  readonly codes: readonly string[];
  /** A message that means this refusal (tested against each message line). */
  readonly message: RegExp;
}

/** Statuses a refusal may come with: the contract's 400, and the ones an API commonly uses instead. */
export const REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 403, 409, 422]);

/** First match wins. */
export const SEND_REFUSAL_RULES: readonly SendRefusalRule[] = [
  {
    kind: 'recipient-blocked',
    codes: ['CONTACT_BLOCKED', 'RECIPIENT_BLOCKED', 'BLOCKED'],
    message: /\bblocked\b/i,
  },
  {
    kind: 'recipient-unsubscribed',
    codes: ['CONTACT_UNSUBSCRIBED', 'RECIPIENT_UNSUBSCRIBED', 'UNSUBSCRIBED', 'OPTED_OUT'],
    message: /unsubscribed|\bnot subscribed\b|opted[ -]?out/i,
  },
  {
    kind: 'broadcast-not-active',
    codes: ['BROADCAST_NOT_ACTIVE', 'BROADCAST_INACTIVE', 'BROADCAST_PAUSED', 'BROADCAST_DRAFT', 'NOT_ACTIVE'],
    message: /\bpaused\b|\bnot (?:yet )?activated\b|\binactive\b|\bnot active\b|\bbroadcast\b.*\bdraft\b/i,
  },
  {
    kind: 'invalid-request',
    codes: ['VALIDATION_ERROR', 'INVALID_REQUEST', 'BAD_REQUEST', 'CONTRACT_VIOLATION'],
    message: /\b(?:must|should)\b|\bis (?:required|invalid|not (?:a )?valid)\b|\binvalid\b|\bnot allowed\b|\bdoes not exist\b/i,
  },
];

const normalise = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');

/** The messages of an error body: `message` (a string or a list, as NestJS validation sends), or `error.message`. */
export function bodyMessages(body: unknown): string[] {
  if (typeof body === 'string') return body ? [body] : [];
  if (typeof body !== 'object' || body === null) return [];
  const fields = body as Record<string, unknown>;
  const nested = typeof fields.error === 'object' && fields.error !== null ? (fields.error as Record<string, unknown>) : undefined;
  const raw = fields.message ?? nested?.message ?? (typeof fields.error === 'string' ? fields.error : undefined);
  if (Array.isArray(raw)) return raw.filter((m): m is string => typeof m === 'string');
  return typeof raw === 'string' ? [raw] : [];
}

/** The rule a refusal matches, or undefined. */
export function matchRefusal(status: number, code: string | undefined, messages: readonly string[]): SendRefusalRule | undefined {
  if (!REFUSAL_STATUSES.has(status)) return undefined;
  const normalised = code === undefined ? undefined : normalise(code);
  for (const rule of SEND_REFUSAL_RULES) {
    if (normalised !== undefined && rule.codes.includes(normalised)) return rule;
  }
  for (const rule of SEND_REFUSAL_RULES) {
    if (messages.some((m) => rule.message.test(m))) return rule;
  }
  return undefined;
}

function statusNamed(messages: readonly string[], code: string | undefined): 'DRAFT' | 'PAUSED' | undefined {
  const text = `${code ?? ''} ${messages.join(' ')}`;
  if (/paused/i.test(text)) return 'PAUSED';
  if (/draft/i.test(text)) return 'DRAFT';
  return undefined;
}

export interface SendFailureContext {
  readonly broadcastId: string;
  readonly recipient: RecipientSummary;
  readonly startedAt: Date;
}

/** `email ana@example.com`, `contactId cnt_1`: the recipient's most specific identifier, for messages. */
export function describeRecipient(recipient: RecipientSummary): string {
  for (const key of ['contactChannelId', 'contactId', 'email', 'phone'] as const) {
    const value = recipient[key];
    if (value) return `${key} ${value}`;
  }
  return 'an unnamed recipient';
}

/** The message the API gave, without the `operation failed with status: ` prefix the SDK put in front (already scrubbed of the key). */
function apiDetail(error: InventApiError): string | undefined {
  const prefix = `${error.operation} failed with ${error.status}`;
  if (!error.message.startsWith(prefix)) return error.message;
  // Without the attempts/outcome suffix, which the rebuilt error adds again from its own fields.
  const rest = error.message.slice(prefix.length).replace(/( \(after \d+ attempts\))?(; the request may have been applied.*)?$/, '');
  return rest.startsWith(': ') ? rest.slice(2) : undefined;
}

/** The fields of an InventApiError, to rebuild it as a more specific class; the original is the cause. */
function initFrom(error: InventApiError): ApiErrorInit {
  return {
    status: error.status,
    code: error.code,
    message: apiDetail(error),
    requestId: error.requestId,
    headers: error.headers,
    body: error.body,
    operation: error.operation,
    attempts: error.attempts,
    outcomeUnknown: error.outcomeUnknown,
    cause: error,
  };
}

/** The SendOutcomeUnknownError for an error whose outcome is unknown. */
export function outcomeUnknown(error: InventError & { attempts?: number }, context: SendFailureContext): SendOutcomeUnknownError {
  const { broadcastId, recipient } = context;
  return new SendOutcomeUnknownError(
    `send to broadcast ${broadcastId} for ${describeRecipient(recipient)}: the outcome is unknown (${error.message}). ` +
      "It was not sent again, so that the recipient cannot get it twice. Before resending, look for it in the broadcast's recipients " +
      `(GET /orgs/{org_id}/broadcasts/${broadcastId}/recipients), e.g. transactional('${broadcastId}').findRecipients(error.recipient, { since: error.startedAt })`,
    { broadcastId, recipient, attempts: error.attempts ?? 1, startedAt: context.startedAt, cause: error },
  );
}

/** The error a failed send is reported with (see the module notes). Returns `error` itself when no rule applies. */
export function classifySendError(error: unknown, context: SendFailureContext): unknown {
  if (!(error instanceof InventError)) return error;
  const { broadcastId, recipient } = context;
  if ((error as { outcomeUnknown?: unknown }).outcomeUnknown === true && !(error instanceof AbortError))
    return outcomeUnknown(error, context);
  if (error instanceof RateLimitError)
    return new SendRateLimitError({ ...initFrom(error), retryAfterMs: error.retryAfterMs, broadcastId, recipient });
  if (!(error instanceof InventApiError)) return error;
  const messages = bodyMessages(error.body);
  const rule = matchRefusal(error.status, error.code, messages);
  switch (rule?.kind) {
    case 'recipient-blocked':
      return new RecipientRejectedError({ ...initFrom(error), broadcastId, recipient, reason: 'blocked' });
    case 'recipient-unsubscribed':
      return new RecipientRejectedError({ ...initFrom(error), broadcastId, recipient, reason: 'unsubscribed' });
    case 'broadcast-not-active':
      return new BroadcastNotActiveError({
        ...initFrom(error),
        broadcastId,
        recipient,
        broadcastStatus: statusNamed(messages, error.code),
      });
    case 'invalid-request':
      return new SendValidationError({ ...initFrom(error), broadcastId, recipient, violations: messages });
    default:
      return error;
  }
}
