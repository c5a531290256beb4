/**
 * Errors of the transactional-broadcast helpers (`invent.broadcasts.transactional(id)`), each a
 * subclass of one of the SDK's error types so that existing `catch` blocks keep working:
 *
 *   InventValidationError
 *   └─ SendInputError              the recipient or the send options were refused locally; nothing was sent
 *   BadRequestError (InventApiError)
 *   ├─ RecipientRejectedError      the API refused the trigger: the recipient is unsubscribed or blocked
 *   ├─ BroadcastNotActiveError     the API refused the trigger: the broadcast is not ACTIVE (DRAFT, PAUSED)
 *   └─ SendValidationError         the API refused the request as invalid
 *   RateLimitError
 *   └─ SendRateLimitError          the send limit (100 per 60 s) was hit and waiting did not help
 *   InventError
 *   ├─ SendOutcomeUnknownError     the send may or may not have gone out; it was not repeated
 *   ├─ BroadcastStateError         a lifecycle call the documented status rules forbid (before any change)
 *   └─ BroadcastSetupError         createTransactional created the broadcast, then a later step failed
 *
 * Which API answers become which class is decided by the rule table in ./classify.ts, which also
 * writes the messages: these classes are reachable from the main entry point, so they stay small, and
 * the text lives in the lazily loaded implementation. Every class declares its own `errorName` (see
 * src/errors.ts: `instanceof` works across copies).
 */
import { BadRequestError, InventError, InventValidationError, RateLimitError, type ApiErrorInit } from '../errors.js';

/** Who a send was for, as given to `send` (identifiers and the name override; never the variables). */
export interface RecipientSummary {
  /** The contact channel id given, if any. */
  contactChannelId?: string;
  /** The contact id given, if any. */
  contactId?: string;
  /** The phone number given, if any. */
  phone?: string;
  /** The email address given, if any. */
  email?: string;
  /** The display-name override given, if any. */
  name?: string;
}

/** One problem found in a send's input: where (`recipient.email`, `templateIds`) and what. */
export interface SendInputIssue {
  /** Where in the input the problem is, e.g. `recipient.email` or `options.templateIds`. */
  readonly path: string;
  /** What is wrong there, in words. */
  readonly message: string;
}

/** The recipient or the options of a send were refused before any request: nothing was sent. */
export class SendInputError extends InventValidationError {
  static override readonly errorName: string = 'SendInputError';
  /** The broadcast the send was for. */
  declare readonly broadcastId: string;
  /** Every problem found in the input. */
  declare readonly issues: readonly SendInputIssue[];

  constructor(broadcastId: string, issues: readonly SendInputIssue[], label = 'send') {
    super(`${label} to broadcast ${broadcastId}: ${issues.map((i) => i.message).join('; ')} (nothing was sent)`);
    this.broadcastId = broadcastId;
    this.issues = issues;
  }
}

/** What every classified API refusal of a send carries besides the API error's own fields. */
export interface SendErrorContext {
  readonly broadcastId: string;
  readonly recipient: RecipientSummary;
}

/**
 * The API refused the trigger because the recipient has unsubscribed or is blocked: no message was
 * sent, and sending again will be refused too. Invent documents the refusal but neither its status
 * nor its body; see the rule table in docs/transactional.md.
 */
export class RecipientRejectedError extends BadRequestError {
  static override readonly errorName: string = 'RecipientRejectedError';
  /** Why the API refused the recipient: they have unsubscribed, or they are blocked. */
  declare readonly reason: 'unsubscribed' | 'blocked';
  /** The broadcast the send was for. */
  declare readonly broadcastId: string;
  /** The recipient that was refused, as given to `send`. */
  declare readonly recipient: RecipientSummary;

  constructor(init: ApiErrorInit & SendErrorContext & { reason: 'unsubscribed' | 'blocked' }) {
    super(init);
    this.reason = init.reason;
    this.broadcastId = init.broadcastId;
    this.recipient = init.recipient;
  }
}

/**
 * The API refused the trigger because the broadcast is not ACTIVE (still DRAFT, or PAUSED): nothing
 * was sent. `activate()` (or `ensureActive()`) opens it; `broadcastStatus` is the status when the
 * message names one.
 */
export class BroadcastNotActiveError extends BadRequestError {
  static override readonly errorName: string = 'BroadcastNotActiveError';
  /** The broadcast that is not ACTIVE. */
  declare readonly broadcastId: string;
  /** The status the API's answer names (DRAFT or PAUSED), or undefined when it names none. */
  declare readonly broadcastStatus: 'DRAFT' | 'PAUSED' | undefined;

  constructor(init: ApiErrorInit & SendErrorContext & { broadcastStatus?: 'DRAFT' | 'PAUSED' }) {
    super(init);
    this.broadcastId = init.broadcastId;
    this.broadcastStatus = init.broadcastStatus;
  }
}

/**
 * The API refused the send request as invalid (a field it does not accept, an unknown template id, a
 * malformed phone): nothing was sent; `violations` lists what the API said.
 */
export class SendValidationError extends BadRequestError {
  static override readonly errorName: string = 'SendValidationError';
  /** The broadcast the send was for. */
  declare readonly broadcastId: string;
  /** The messages the API's error body gave for the refusal. */
  declare readonly violations: readonly string[];

  constructor(init: ApiErrorInit & SendErrorContext & { violations: readonly string[] }) {
    super(init);
    this.broadcastId = init.broadcastId;
    this.violations = init.violations;
  }
}

/**
 * The transactional send limit (100 requests per 60 s) answered 429 and waiting did not help (out of
 * retries, or a Retry-After beyond the retry budget). Nothing was sent: it is safe to send again
 * after `retryAfterMs`.
 */
export class SendRateLimitError extends RateLimitError {
  static override readonly errorName: string = 'SendRateLimitError';
  /** The broadcast the send was for. */
  declare readonly broadcastId: string;

  constructor(init: ApiErrorInit & SendErrorContext) {
    super(init);
    this.broadcastId = init.broadcastId;
  }
}

/**
 * A send whose outcome is unknown: a 5xx answer, a timeout, or a connection lost after the request was
 * written. The message may or may not have gone out, so the SDK did not repeat it (a repeat could
 * deliver a second OTP or receipt). Before sending again, look for it:
 *
 *   const found = await invent.broadcasts.transactional(error.broadcastId).findRecipients(error.recipient, { since: error.startedAt });
 *
 * `cause` is the underlying ServerError, TimeoutError or ConnectionError.
 */
export class SendOutcomeUnknownError extends InventError {
  static override readonly errorName: string = 'SendOutcomeUnknownError';
  /** The broadcast the send was for. */
  declare readonly broadcastId: string;
  /** Who the send was for, as given to `send`: pass it to `findRecipients`. */
  declare readonly recipient: RecipientSummary;
  /** Requests sent for this call (always 1 for an unknown outcome: it is never repeated). */
  declare readonly attempts: number;
  /** When the send started: pass it as `since` to `findRecipients`. */
  declare readonly startedAt: Date;
  /** The HTTP status, when the API answered (a 5xx). */
  declare readonly status: number | undefined;
  /** The request id of the answer, when there was one. */
  declare readonly requestId: string | undefined;
  /** Always true: the send may have gone out (the same flag InventApiError and InventRequestError carry). */
  declare readonly outcomeUnknown: true;

  constructor(
    message: string,
    init: { broadcastId: string; recipient: RecipientSummary; attempts: number; startedAt: Date; cause: InventError },
  ) {
    super(message, { cause: init.cause });
    const cause = init.cause as InventError & { status?: unknown; requestId?: string };
    this.broadcastId = init.broadcastId;
    this.recipient = init.recipient;
    this.attempts = init.attempts;
    this.startedAt = init.startedAt;
    this.status = typeof cause.status === 'number' ? cause.status : undefined;
    this.requestId = cause.requestId;
    this.outcomeUnknown = true;
  }
}

/** The documented status rules the lifecycle helpers check before changing a broadcast. */
export type BroadcastRule =
  | 'transactional-only'
  | 'activate-from-draft-or-paused'
  | 'activate-needs-template'
  | 'resume-from-paused'
  | 'pause-from-active'
  | 'templates-in-draft-only';

/**
 * A lifecycle call that Invent's documented status rules forbid (activating a broadcast with no
 * template, editing templates once it is not DRAFT, pausing one that is not ACTIVE, ...). Nothing was
 * changed: the SDK read the broadcast (and its templates, when needed) and stopped before the call.
 * `rule` names the rule; `broadcastStatus` is the status that was read.
 */
export class BroadcastStateError extends InventError {
  static override readonly errorName: string = 'BroadcastStateError';
  /** The status rule the call would have broken. */
  declare readonly rule: BroadcastRule;
  /** The broadcast the call was on; undefined when refused before one existed (`createTransactional` with a non-TRANSACTIONAL type). */
  declare readonly broadcastId: string | undefined;
  /** The broadcast's status as read before the call; undefined when none was read. */
  declare readonly broadcastStatus: string | undefined;

  constructor(init: { rule: BroadcastRule; message: string; broadcastId?: string; broadcastStatus?: string }) {
    super(init.message);
    this.rule = init.rule;
    this.broadcastId = init.broadcastId;
    this.broadcastStatus = init.broadcastStatus;
  }
}

/**
 * `createTransactional` created the broadcast (in DRAFT) but a later step (adding a property or a
 * template) failed. The broadcast exists: finish it with `invent.broadcasts.transactional(broadcastId)`
 * or delete it. `step` says what failed; `cause` is the error.
 */
export class BroadcastSetupError extends InventError {
  static override readonly errorName: string = 'BroadcastSetupError';
  /** The broadcast that was created (in DRAFT) and still exists. */
  declare readonly broadcastId: string;
  /** The step that failed, e.g. `adding field 2 of 3 (otp)` or `adding template 1 of 2`. */
  declare readonly step: string;

  constructor(message: string, init: { broadcastId: string; step: string; cause: unknown }) {
    super(message, { cause: init.cause });
    this.broadcastId = init.broadcastId;
    this.step = init.step;
  }
}
