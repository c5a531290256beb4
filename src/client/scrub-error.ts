/**
 * Takes the API key out of an error before it reaches the caller: from every string, header value and
 * body field of the error and of its `cause` chain (a server or a proxy may echo the key in a body or a
 * header), so neither `error.message`, `JSON.stringify(error)`, `util.inspect(error)` nor `error.stack`
 * can show it. The error keeps its class; fields are replaced in place.
 */
import { redact } from '../transport/logger.js';

const MAX_DEPTH = 8;

function scrubValue(value: unknown, secrets: readonly string[], depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return value;
  if (value instanceof Error) return scrubObject(value, secrets, depth, seen);
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    const clean = new Headers();
    value.forEach((v, name) => clean.append(name, redact(v, secrets)));
    return clean;
  }
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => scrubValue(item, secrets, depth + 1, seen));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // a Response, a stream: not data to print
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets, depth + 1, seen);
  return out;
}

function scrubObject<T extends object>(target: T, secrets: readonly string[], depth: number, seen: Set<object>): T {
  seen.add(target);
  for (const key of Object.getOwnPropertyNames(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    const current = 'value' in descriptor ? descriptor.value : (target as Record<string, unknown>)[key];
    const clean = scrubValue(current, secrets, depth + 1, seen);
    if (clean === current || (!descriptor.configurable && !descriptor.writable)) continue;
    Object.defineProperty(target, key, {
      value: clean,
      writable: true,
      enumerable: descriptor.enumerable,
      configurable: true,
    });
  }
  return target;
}

/** Removes every secret from `error` and its cause chain (in place), and returns it. */
export function scrubError<T>(error: T, secrets: readonly string[]): T {
  if (secrets.length === 0 || typeof error !== 'object' || error === null) return error;
  return scrubObject(error, secrets, 0, new Set());
}
