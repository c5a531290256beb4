/**
 * What kind of runtime the SDK is in, for the guards that protect an API key. Node, Deno, Bun and
 * edge workers are servers; a browser page, or a browser's worker, is not.
 */

/** A browser page: the globals `window` and `document` both exist. */
export function isBrowserPage(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/**
 * A page or a browser's worker, whose WebSocket cannot send an Authorization header: a `document`, or a
 * browser's user agent (workers have no `document`; Deno, Bun and Node name themselves, not `Mozilla/`).
 */
export function isBrowserLike(): boolean {
  const g = globalThis as { document?: unknown; navigator?: { userAgent?: unknown } };
  if (typeof g.document !== 'undefined') return true;
  const ua = g.navigator?.userAgent;
  return typeof ua === 'string' && ua.startsWith('Mozilla/');
}
