/**
 * Checks of the client's options, secrets and headers, before anything is sent. An unknown option
 * (a JavaScript caller's typo) is refused with the nearest known name. A value `Headers` would refuse
 * (CR, LF, NUL) makes the platform throw a TypeError that prints the value, which may be the API key:
 * these checks fail first, with an InventError that names the problem and never the value.
 */
import { InventConfigError, type InventError, InventValidationError } from '../errors.js';
import { unknownName } from '../nearest-name.js';
import type { InventOptions } from './create-invent.js';
import type { TypedInit } from './typed-call.js';

/** A header name (an RFC 9110 token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Whether a header value holds a control character other than tab (CR, LF and NUL among them). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** The position of the first character outside printable ASCII (`!` to `~`), or -1. */
function firstNonPrintable(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return i;
  }
  return -1;
}

/**
 * The API key, checked: printable ASCII with no surrounding whitespace. An empty key counts as none
 * (reported at the first call that needs one). The message never quotes the key.
 */
export function checkApiKey(key: unknown): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (typeof key !== 'string') throw new InventConfigError(`apiKey must be a string, got ${typeof key}`);
  if (key.trim() !== key) {
    throw new InventConfigError('apiKey has leading or trailing whitespace (a key read from a file often ends with a newline): trim it');
  }
  const bad = firstNonPrintable(key);
  if (bad >= 0) {
    throw new InventConfigError(
      `apiKey has a character that cannot be sent in a header at position ${bad} (a control character such as CR, LF or NUL, a space, or non-ASCII): an Invent API key is printable ASCII`,
    );
  }
  return key;
}

type HeaderInput = Headers | Record<string, unknown> | ReadonlyArray<readonly [string, string]> | undefined | null;

/**
 * Checks headers given as a record or as pairs (a `Headers` object has been checked already).
 * `where` says which option they came from. `null`/`undefined` values are skipped (they unset a header).
 */
export function checkHeaders(headers: HeaderInput, where: string, Failure: typeof InventError = InventConfigError): void {
  if (!headers || (typeof Headers !== 'undefined' && headers instanceof Headers)) return;
  const entries: ReadonlyArray<readonly [string, unknown]> = Array.isArray(headers)
    ? (headers as ReadonlyArray<readonly [string, string]>)
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || !TOKEN.test(name)) throw new Failure(`${where}: a header name is not a valid HTTP token`);
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (hasControl(String(one))) {
        throw new Failure(`${where}: the value of header ${name} has a control character (CR, LF or NUL), which HTTP does not allow`);
      }
    }
  }
}

/**
 * Every option of `createInvent()`, spelled once; `satisfies` keeps the list and `InventOptions` in
 * step (a key added to one and not the other is a compile error).
 */
export const CLIENT_OPTION_KEYS: readonly string[] = Object.keys({
  apiKey: true,
  baseUrl: true,
  orgId: true,
  headers: true,
  dangerouslyAllowBrowser: true,
  fetch: true,
  fetchOptions: true,
  maxRetries: true,
  timeout: true,
  retry: true,
  maxResponseBytes: true,
  rateLimit: true,
  logger: true,
  logLevel: true,
} satisfies Record<keyof InventOptions, true>);

/**
 * The keys a typed call's `init` takes (`invent.GET(path, init)`): `params`, `body`, openapi-fetch's
 * request options, the `RequestInit` fields it passes on, and the SDK's per-call options.
 */
const CALL_INIT_KEYS: ReadonlySet<string> = new Set(
  Object.keys({
    params: true,
    body: true,
    headers: true,
    signal: true,
    querySerializer: true,
    bodySerializer: true,
    parseAs: true,
    cache: true,
    credentials: true,
    integrity: true,
    keepalive: true,
    mode: true,
    priority: true,
    referrer: true,
    referrerPolicy: true,
    maxRetries: true,
    timeout: true,
    maxResponseBytes: true,
  } satisfies Record<keyof TypedInit<unknown>, true>),
);

/** Refuses a key of `options` that is not in `known`, naming the nearest known one (a JavaScript caller's typo). */
export function checkKnownKeys(
  options: object | undefined,
  known: Iterable<string>,
  where: string,
  Failure: typeof InventError = InventConfigError,
): void {
  if (!options) return;
  const list = known instanceof Set ? known : new Set(known);
  for (const key of Object.keys(options)) {
    if (!list.has(key)) throw new Failure(`${where}: ${unknownName('option', key, [...list])}`);
  }
}

/** `createInvent(options)`: an unknown option is an InventConfigError (`timout` -> did you mean `timeout`?). */
export function checkClientOptions(options: InventOptions): void {
  checkKnownKeys(options, CLIENT_OPTION_KEYS, 'createInvent()');
}

/** The `init` of a typed call: an unknown key is an InventValidationError, before anything is sent. */
export function checkCallInit(init: object, label: string): void {
  checkKnownKeys(init, CALL_INIT_KEYS, label, InventValidationError);
}
