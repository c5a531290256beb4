/**
 * The SDK's error hierarchy. Every error the SDK throws is an InventError.
 *
 * `instanceof` works across two loaded copies of the package (the ESM and CJS builds, or two versions
 * in one tree): each class answers `instanceof` from a brand stored under a global symbol, not from
 * prototype identity. Brands are explicit strings (`static errorName`) so minifiers cannot change them.
 */
const BRAND = Symbol.for('invent-sdk.error');

function brandOf(value: unknown): readonly string[] | undefined {
  return typeof value === 'object' && value !== null ? (value as { [BRAND]?: string[] })[BRAND] : undefined;
}

export class InventError extends Error {
  /** The brand this class is recognised by; every subclass declares its own. */
  static readonly errorName: string = 'InventError';

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
  static override readonly errorName: string = 'InventConfigError';
}

/** A call's arguments were rejected before any request was sent (missing id, value out of range, ...). */
export class InventValidationError extends InventError {
  static override readonly errorName: string = 'InventValidationError';
}

/** The API answered with an error status. */
export class InventApiError extends InventError {
  static override readonly errorName: string = 'InventApiError';
  readonly status: number;
  /** A machine-readable code from the error body, when the API gives one. */
  readonly code: string | undefined;
  /** The request id the response carried, for Invent's support. */
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The parsed error body. */
  readonly body: unknown;
  /** The operation that failed, as its operationId or `METHOD /path`. */
  readonly operation: string;

  constructor(init: { status: number; message?: string; code?: string; requestId?: string; headers: Headers; body: unknown; operation: string }) {
    super(`${init.operation} failed with ${init.status}${init.message ? `: ${init.message}` : ''}`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.body = init.body;
    this.operation = init.operation;
  }

  static from(response: Response, body: unknown, operation: string): InventApiError {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const message = Array.isArray(fields.message) ? fields.message.join('; ') : typeof fields.message === 'string' ? fields.message : typeof body === 'string' ? body.slice(0, 200) : undefined;
    const code = fields.code !== undefined ? String(fields.code) : undefined;
    const requestId = response.headers.get('x-request-id') ?? response.headers.get('request-id') ?? undefined;
    return new InventApiError({ status: response.status, message, code, requestId, headers: response.headers, body, operation });
  }
}
