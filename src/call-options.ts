/**
 * Per-call options: what a caller may give one call beside the operation's own parameters, and how
 * they are taken apart from the rest. The typed calls, the resource methods, the paginators and the
 * broadcast helpers all read the keys here, so a new option is added in one place.
 */

/** Options a caller may give one call, beside openapi-fetch's own (`params`, `body`, `headers`, `signal`, ...). */
export interface CallOptions {
  /** Retries for this call (0 turns them off). */
  maxRetries?: number;
  /** Milliseconds an attempt may take before it fails with a TimeoutError (0 or Infinity: none). */
  timeout?: number;
  /** The most bytes this call's response body may have (decoded), else a ResponseTooLargeError. */
  maxResponseBytes?: number;
}

/** The options every resource method takes as its last argument. */
export interface RequestOptions extends CallOptions {
  /** The organization for this call (a sub-organization's id); defaults to the client's `orgId`. */
  orgId?: string;
  /** Aborts the call (every attempt, and for a list every page request). */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
  /**
   * Fields the contract does not document, sent on purpose and unchecked: merged into the JSON body
   * (or, for an operation without one, the query string). `params` takes documented fields only.
   */
  extra?: Record<string, unknown>;
}

/** The keys of CallOptions: the transport reads them, openapi-fetch must not see them. */
export const CALL_OPTION_KEYS = ['maxRetries', 'timeout', 'maxResponseBytes'] as const satisfies ReadonlyArray<keyof CallOptions>;

/** How a list call iterates (`ListOptions` beyond `RequestOptions`): read by the paginator, never sent. */
export const ITERATION_OPTION_KEYS = ['concurrency', 'maxPages'] as const;

/** Every key a resource method's options may have. */
export const REQUEST_OPTION_KEYS: readonly string[] = [
  ...CALL_OPTION_KEYS,
  'orgId',
  'signal',
  'headers',
  'extra',
  ...ITERATION_OPTION_KEYS,
] satisfies ReadonlyArray<keyof RequestOptions | (typeof ITERATION_OPTION_KEYS)[number]>;

const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/**
 * Takes the per-call options out of a typed call's init. The init is copied only when it carries
 * some, so the common call allocates nothing here.
 */
export function splitCallOptions(init: Record<string, any>): { init: Record<string, any>; call: CallOptions } {
  if (!('maxRetries' in init || 'timeout' in init || 'maxResponseBytes' in init)) return { init, call: NO_CALL_OPTIONS };
  const rest = { ...init };
  const call: CallOptions = {};
  for (const key of CALL_OPTION_KEYS) {
    if (key in rest) call[key] = rest[key];
    delete rest[key];
  }
  return { init: rest, call };
}

/** The part of a RequestOptions a typed call takes (signal, headers and the per-call options), leaving out those not given. */
export function callInit(options: RequestOptions): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const key of ['signal', 'headers', ...CALL_OPTION_KEYS] as const) if (options[key] !== undefined) init[key] = options[key];
  return init;
}

/** The options without the iteration ones: what each page request of a list is sent with. */
export function withoutIterationOptions<T extends Record<string, any>>(options: T): Omit<T, (typeof ITERATION_OPTION_KEYS)[number]> {
  const { concurrency: _concurrency, maxPages: _maxPages, ...rest } = options;
  return rest;
}
