/**
 * What a call asks Prism for through the `Prefer` header. Prism keeps no state: these choose the answer
 * of one call. For sequences (429 then 200, pages of a list) use a scenario instead.
 */
export interface MockPreference {
  /** Answer with this documented status (`429`, `404`, `500`, ...). Prism answers 404 if the operation does not declare it. */
  code?: number;
  /** Answer with the named example of the response (`examples: { NAME: ... }` in openapi.json). */
  example?: string;
  /** Generate data from the response schema instead of returning the example. */
  dynamic?: boolean;
}

/** The `Prefer` header value for a preference: `code=429, example=unsubscribed, dynamic=true`. */
export function preferValue(preference: MockPreference): string {
  const parts: string[] = [];
  if (preference.code !== undefined) {
    if (!Number.isInteger(preference.code) || preference.code < 100 || preference.code > 599) {
      throw new RangeError(`prefer: code must be an HTTP status (100-599), got ${preference.code}`);
    }
    parts.push(`code=${preference.code}`);
  }
  if (preference.example !== undefined) {
    if (!/^[^\s,;="]+$/.test(preference.example))
      throw new RangeError(`prefer: example name ${JSON.stringify(preference.example)} cannot go in a Prefer header`);
    parts.push(`example=${preference.example}`);
  }
  if (preference.dynamic !== undefined) parts.push(`dynamic=${preference.dynamic}`);
  return parts.join(', ');
}

/**
 * Headers that ask the mock for a given answer on one call:
 *
 * ```ts
 * await invent.raw.GET('/orgs/{org_id}/contacts', { headers: prefer({ code: 429 }) });
 * ```
 */
export function prefer(preference: MockPreference): {
  /** The `Prefer` header value (`code=429`, `example=NAME`, `dynamic=true`). */
  Prefer: string;
} {
  return { Prefer: preferValue(preference) };
}
