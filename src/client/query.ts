/**
 * The query serializer of the typed calls: openapi-fetch's own, with parameter *names* percent-encoded
 * too (openapi-fetch encodes only values), so a name such as `x&take` stays one parameter instead of
 * becoming `?x&take=...`.
 */
import { createQuerySerializer } from 'openapi-fetch';

const serialize = createQuerySerializer();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodeNames(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    out[encodeURIComponent(name)] = isPlainObject(value) ? encodeNames(value) : value;
  }
  return out;
}

export function serializeQuery(query: Record<string, unknown>): string {
  return serialize(encodeNames(query));
}
