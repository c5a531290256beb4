/**
 * Reads how long a response asks the client to wait before trying again:
 * `retry-after-ms` (milliseconds, may be fractional), then `Retry-After` as delta-seconds or as an
 * HTTP date (RFC 9110 10.2.3). Returns undefined when neither header is present or parseable.
 *
 * The value is returned as given (a date in the past gives 0); bounding it is the retry policy's job.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number(ms.trim());
    if (ms.trim() !== '' && Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  // An HTTP date names its day and month; anything else (`-1`, `1e3`) is not one, whatever Date.parse thinks.
  if (!/^[a-z]{3},? /i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
