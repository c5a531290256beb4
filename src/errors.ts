/**
 * The SDK's error hierarchy. Every error the SDK throws is an InventError.
 *
 *   InventError
 *   ├─ InventConfigError          the client cannot work as configured
 *   ├─ InventValidationError      a call's arguments were refused before sending
 *   ├─ InventApiError             the API answered with an error status
 *   │  ├─ BadRequestError 400, AuthenticationError 401, NotFoundError 404, ConflictError 409,
 *   │  ├─ UnprocessableEntityError 422, RateLimitError 429 (retryAfterMs), ServerError 5xx
 *   ├─ ConnectionError            no response: refused, reset, DNS, cut off mid-body
 *   │  └─ TimeoutError            an attempt took longer than its timeout
 *   ├─ AbortError                 the caller's signal aborted the call
 *   ├─ InvalidResponseError       a success status whose body cannot be parsed
 *   ├─ ResponseTooLargeError      a body larger than `maxResponseBytes` (cut off there, never buffered past it)
 *   └─ RedirectError              the API answered with a redirect, which the SDK never follows
 *
 * Errors for a request that may already have taken effect carry `outcomeUnknown: true` and say so in
 * their message, with the reason it was not (or need not be) retried.
 *
 * `instanceof` works across two loaded copies of the package (the ESM and CJS builds, or two versions
 * in one tree): each class answers `instanceof` from a brand stored under a global symbol, not from
 * prototype identity. Brands are explicit strings (`static errorName`) so minifiers cannot change them;
 * every class declares its own.
 *
 * No Node-only API here: this module runs in browsers and edge runtimes. Fields are `declare`d and
 * set by the constructors (in the order declared): the bundle carries no class-field definitions.
 */
const BRAND = Symbol.for('invent-sdk.error');

function brandOf(value: unknown): readonly string[] | undefined {
  return typeof value === 'object' && value !== null ? (value as { [BRAND]?: string[] })[BRAND] : undefined;
}

/** The base of every error the SDK throws: `catch (e) { if (e instanceof InventError) ... }` covers them all. */
export class InventError extends Error {
  /** The brand this class is recognised by; every subclass declares its own. */
  static readonly errorName: string = 'InventError';

  /**
   * Whether `value` is an error of this class (or a subclass), from any loaded copy of the package
   * (the ESM and CommonJS builds, two versions in one tree): decided by brand, not by prototype.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value)?.includes(this.errorName) ?? false;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const names: string[] = [];
    for (let c = new.target as typeof InventError; c && c !== (Error as unknown); c = Object.getPrototypeOf(c)) {
      names.push(c.errorName);
    }
    Object.defineProperty(this, BRAND, { value: names });
    Object.defineProperty(this, 'name', { value: new.target.errorName, writable: true, configurable: true });
  }
}

/** The client was configured in a way that cannot work (no API key, an insecure base URL, a bad option). */
export class InventConfigError extends InventError {
  /** The brand `instanceof` recognises: `InventConfigError`. */
  static override readonly errorName: string = 'InventConfigError';
}

/** A call's arguments were rejected before any request was sent (missing id, value out of range, ...). */
export class InventValidationError extends InventError {
  /** The brand `instanceof` recognises: `InventValidationError`. */
  static override readonly errorName: string = 'InventValidationError';
}

/** What every error about one request knows beside its message. */
export interface RequestErrorInit {
  /** The operation, as its resource method (`contacts.list`) or `METHOD /path/template`. */
  operation: string;
  /** True when the request may have been applied by the API although the call failed. */
  outcomeUnknown?: boolean;
  /** Why a request that may have been applied was not retried (or why it is safe to send again). */
  outcomeNote?: string;
  /** Requests sent for this call, retries included. */
  attempts?: number;
  cause?: unknown;
}

function outcomeSuffix(init: RequestErrorInit): string {
  const attempts = init.attempts && init.attempts > 1 ? ` (after ${init.attempts} attempts)` : '';
  return `${attempts}${init.outcomeUnknown ? `; the request may have been applied${init.outcomeNote ? `; ${init.outcomeNote}` : ''}` : ''}`;
}

/** Header names that carry the request id, most specific first. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid'];

/** The request id a response carried, for Invent's support. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

export interface ApiErrorInit extends RequestErrorInit {
  status: number;
  message?: string;
  code?: string;
  requestId?: string;
  headers: Headers;
  body: unknown;
  retryAfterMs?: number;
}

/** The API answered with an error status. Subclasses name the common statuses; others stay InventApiError. */
export class InventApiError extends InventError {
  /** The brand `instanceof` recognises: `InventApiError`. */
  static override readonly errorName: string = 'InventApiError';
  /** The HTTP status the API answered with. */
  declare readonly status: number;
  /** A machine-readable code from the error body, when the API gives one. */
  declare readonly code: string | undefined;
  /** The request id the response carried, for Invent's support. */
  declare readonly requestId: string | undefined;
  /** The response headers. */
  declare readonly headers: Headers;
  /** The parsed error body. */
  declare readonly body: unknown;
  /** The operation that failed, as its resource method (`contacts.list`) or `METHOD /path/template`. */
  declare readonly operation: string;
  /** True when the request may have been applied (a 5xx for a call that changes something). */
  declare readonly outcomeUnknown: boolean;
  /** Requests sent for this call, retries included. */
  declare readonly attempts: number;

  constructor(init: ApiErrorInit) {
    super(`${init.operation} failed with ${init.status}${init.message ? `: ${init.message}` : ''}${outcomeSuffix(init)}`, {
      cause: init.cause,
    });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.body = init.body;
    this.operation = init.operation;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** Builds the error for an error response, as the subclass its status calls for. */
  static from(
    response: Response,
    body: unknown,
    operation: string,
    extra: Omit<RequestErrorInit, 'operation'> & {
      retryAfterMs?: number /** Scrubs secrets from the message taken from the body. */;
      redact?: (text: string) => string;
    } = {},
  ): InventApiError {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const nested = typeof fields.error === 'object' && fields.error !== null ? (fields.error as Record<string, unknown>) : undefined;
    const rawMessage = fields.message ?? nested?.message ?? (typeof fields.error === 'string' ? fields.error : undefined);
    const message = Array.isArray(rawMessage)
      ? rawMessage.join('; ')
      : typeof rawMessage === 'string'
        ? rawMessage
        : typeof body === 'string' && body
          ? body.slice(0, 200)
          : response.statusText || undefined;
    const rawCode = fields.code ?? nested?.code;
    const code = rawCode !== undefined && rawCode !== null ? String(rawCode) : undefined;
    const { redact, ...rest } = extra;
    const Class = apiErrorClass(response.status);
    return new Class({
      ...rest,
      status: response.status,
      message: message && redact ? redact(message) : message,
      code,
      requestId: requestIdOf(response.headers),
      headers: response.headers,
      body,
      operation,
    });
  }
}

/** 400: a parameter or body was refused. */
export class BadRequestError extends InventApiError {
  /** The brand `instanceof` recognises: `BadRequestError`. */
  static override readonly errorName: string = 'BadRequestError';
}

/** 401: the API key is missing, wrong, or not allowed on this endpoint. */
export class AuthenticationError extends InventApiError {
  /** The brand `instanceof` recognises: `AuthenticationError`. */
  static override readonly errorName: string = 'AuthenticationError';
}

/** 404: the resource does not exist (or is not visible to this key). */
export class NotFoundError extends InventApiError {
  /** The brand `instanceof` recognises: `NotFoundError`. */
  static override readonly errorName: string = 'NotFoundError';
}

/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends InventApiError {
  /** The brand `instanceof` recognises: `ConflictError`. */
  static override readonly errorName: string = 'ConflictError';
}

/** 422: the body was well-formed but refused. */
export class UnprocessableEntityError extends InventApiError {
  /** The brand `instanceof` recognises: `UnprocessableEntityError`. */
  static override readonly errorName: string = 'UnprocessableEntityError';
}

/** 429: a rate limit was exceeded and retrying did not help (or the wait asked for was too long). */
export class RateLimitError extends InventApiError {
  /** The brand `instanceof` recognises: `RateLimitError`. */
  static override readonly errorName: string = 'RateLimitError';
  /** How long the API asked to wait (Retry-After / retry-after-ms), when it said. */
  declare readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: an error on Invent's side. For a call that changes something, check `outcomeUnknown`. */
export class ServerError extends InventApiError {
  /** The brand `instanceof` recognises: `ServerError`. */
  static override readonly errorName: string = 'ServerError';
}

/** The InventApiError subclass of each status that has one (5xx aside). */
const API_ERROR_CLASSES: Record<number, typeof InventApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The InventApiError subclass for a status. */
export function apiErrorClass(status: number): typeof InventApiError {
  return API_ERROR_CLASSES[status] ?? (status >= 500 && status <= 599 ? ServerError : InventApiError);
}

/** Base of the errors for a request that got no (complete) response. */
abstract class RequestError extends InventError {
  /** The brand `instanceof` recognises: `InventRequestError`. */
  static override readonly errorName: string = 'InventRequestError';
  /** The operation, as its resource method (`contacts.list`) or `METHOD /path/template`. */
  declare readonly operation: string;
  /** True when the request may have been applied although no answer came back. */
  declare readonly outcomeUnknown: boolean;
  /** Requests sent for this call, retries included. */
  declare readonly attempts: number;

  constructor(what: string, init: RequestErrorInit) {
    super(`${init.operation} ${what}${outcomeSuffix(init)}`, { cause: init.cause });
    this.operation = init.operation;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * No response came back: the connection was refused, reset, or closed before the answer was complete,
 * or the host could not be resolved. `cause` holds the platform's error.
 */
export class ConnectionError extends RequestError {
  /** The brand `instanceof` recognises: `ConnectionError`. */
  static override readonly errorName: string = 'ConnectionError';

  constructor(init: RequestErrorInit & { detail?: string }) {
    super(`failed: ${init.detail ?? 'connection error'}`, init);
  }
}

/** An attempt took longer than its timeout (the `timeout` option, 60 s by default). */
export class TimeoutError extends ConnectionError {
  /** The brand `instanceof` recognises: `TimeoutError`. */
  static override readonly errorName: string = 'TimeoutError';
  /** The per-attempt timeout that elapsed, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(init: RequestErrorInit & { timeoutMs: number }) {
    super({ ...init, detail: `timed out after ${init.timeoutMs} ms` });
    this.timeoutMs = init.timeoutMs;
  }
}

/** The call was aborted through its `signal`. `cause` is the signal's reason. */
export class AbortError extends RequestError {
  /** The brand `instanceof` recognises: `AbortError`. */
  static override readonly errorName: string = 'AbortError';

  constructor(init: RequestErrorInit) {
    super('was aborted', init);
  }
}

/** The API answered with a success status, but its body could not be parsed (malformed JSON). */
export class InvalidResponseError extends RequestError {
  /** The brand `instanceof` recognises: `InvalidResponseError`. */
  static override readonly errorName: string = 'InvalidResponseError';
  /** The (success) status the API answered with. */
  declare readonly status: number;
  /** The request id the response carried, for Invent's support. */
  declare readonly requestId: string | undefined;
  /** The response headers. */
  declare readonly headers: Headers;

  constructor(init: RequestErrorInit & { status: number; headers: Headers; detail: string }) {
    super(
      `answered ${init.status} with a body that could not be parsed (${init.detail})${init.status < 300 ? '; the request was applied' : ''}`,
      init,
    );
    this.status = init.status;
    this.requestId = requestIdOf(init.headers);
    this.headers = init.headers;
  }
}

/**
 * A response body was larger than `maxResponseBytes` (64 MiB by default). It was counted on the
 * decoded bytes as they arrived and the read stopped at the limit, so a huge or endless body (or a
 * small gzip body that inflates to gigabytes) never costs more memory than the limit.
 */
export class ResponseTooLargeError extends RequestError {
  /** The brand `instanceof` recognises: `ResponseTooLargeError`. */
  static override readonly errorName: string = 'ResponseTooLargeError';
  /** The status the API answered with. */
  declare readonly status: number;
  /** The limit that was exceeded, in bytes. */
  declare readonly limitBytes: number;
  /** Bytes seen before the read stopped (or the declared Content-Length): more than `limitBytes`. */
  declare readonly receivedBytes: number;
  /** The response headers. */
  declare readonly headers: Headers;

  constructor(
    init: RequestErrorInit & { status: number; headers: Headers; limitBytes: number; receivedBytes: number; declared?: boolean },
  ) {
    super(
      `answered ${init.status} with a body larger than maxResponseBytes (${init.limitBytes} bytes): ${init.declared ? `Content-Length ${init.receivedBytes}` : `stopped after ${init.receivedBytes} bytes`}${init.status >= 200 && init.status < 300 ? '; the request was applied' : ''}`,
      init,
    );
    this.status = init.status;
    this.limitBytes = init.limitBytes;
    this.receivedBytes = init.receivedBytes;
    this.headers = init.headers;
  }
}

/**
 * The API answered with a redirect (3xx). Invent documents no redirect, so the SDK follows none: a
 * redirect would re-send a POST body and the `headers` option to wherever `Location` points. A proxy
 * or a wrong `baseUrl` is the usual cause.
 */
export class RedirectError extends RequestError {
  /** The brand `instanceof` recognises: `RedirectError`. */
  static override readonly errorName: string = 'RedirectError';
  /** The redirect status (0 where the platform hides it, as browsers do). */
  declare readonly status: number;
  /** Where the redirect pointed, when the platform shows it. */
  declare readonly location: string | undefined;
  /** The response headers. */
  declare readonly headers: Headers;

  constructor(init: RequestErrorInit & { status: number; headers: Headers; location: string | undefined }) {
    super(
      `was answered with a redirect${init.status ? ` (${init.status})` : ''}${init.location ? ` to ${init.location}` : ''}, which the SDK does not follow: check baseUrl and any proxy`,
      init,
    );
    this.status = init.status;
    this.location = init.location;
    this.headers = init.headers;
  }
}
