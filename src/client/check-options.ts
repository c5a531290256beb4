/**
 * Checks of the client's options, secrets and headers, before anything is sent. An unknown option
 * (a JavaScript caller's typo) is refused with the nearest known name. A value `Headers` would refuse
 * (CR, LF, NUL) makes the platform throw a TypeError that prints the value, which may be the API key:
 * these checks fail first, with an InventError that names the problem and never the value.
 */
import { InventConfigError, type InventError } from '../errors.js';
import { unknownName } from '../nearest-name.js';
import type { InventOptions } from './types.js';

/** A header name (an RFC 9110 token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A control character other than tab (CR, LF and NUL among them), as what is not tab, printable ASCII or non-ASCII: refused in a header value. */
const CONTROL = /[^\t -~\x80-\uffff]/;
/** A character outside printable ASCII (`!` to `~`): refused in an API key. */
const NON_PRINTABLE = /[^!-~]/;

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
  const bad = key.search(NON_PRINTABLE);
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
      if (CONTROL.test(String(one))) {
        throw new Failure(`${where}: the value of header ${name} has a control character (CR, LF or NUL), which HTTP does not allow`);
      }
    }
  }
}

/** Every option of `createInvent()`, spelled once (one string: the smallest form at start-up). */
const CLIENT_OPTIONS =
  'apiKey baseUrl orgId headers dangerouslyAllowBrowser fetch fetchOptions maxRetries timeout retry maxResponseBytes rateLimit logger logLevel';
export const CLIENT_OPTION_KEYS: readonly string[] = CLIENT_OPTIONS.split(' ');

/** The words of a space-separated list, as a union. */
type Words<S extends string> = S extends `${infer W} ${infer Rest}` ? W | Words<Rest> : S;
/** `true` when both unions hold the same names; `InventOptions` and the list cannot drift apart unnoticed. */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies SameNames<Words<typeof CLIENT_OPTIONS>, keyof InventOptions>;

/** Refuses a key of `options` that is not in `known`, naming the nearest known one (a JavaScript caller's typo). */
export function checkKnownKeys(
  options: object | undefined,
  known: readonly string[],
  where: string,
  Failure: typeof InventError = InventConfigError,
): void {
  if (options)
    for (const key of Object.keys(options)) if (!known.includes(key)) throw new Failure(`${where}: ${unknownName('option', key, known)}`);
}
