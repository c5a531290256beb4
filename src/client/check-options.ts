/**
 * Checks of the client's secrets and headers, before anything is sent. A value `Headers` would refuse
 * (CR, LF, NUL) makes the platform throw a TypeError that prints the value, which may be the API key:
 * these checks fail first, with an InventError that names the problem and never the value.
 */
import { InventConfigError, type InventError } from '../errors.js';

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
