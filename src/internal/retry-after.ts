import { epochNow } from './clock.js';

/**
 * How long a response asks the client to wait before trying again: `retry-after-ms` (milliseconds,
 * may be fractional; not a standard, but sent by some APIs), then `Retry-After` as RFC 9110 10.2.3
 * has it: delta-seconds (a non-negative integer: `1.5`, `1e3`, `-1`, `+2` are not) or an HTTP-date in
 * any of the three forms a recipient must accept (IMF-fixdate, RFC 850, asctime). Undefined when
 * neither header is present and valid.
 *
 * The value is returned as given (a date in the past gives 0); bounding it is the caller's job.
 */
export function parseRetryAfter(headers: Headers, now: number = epochNow()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const text = headers.get('retry-after')?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
/**
 * The three forms of RFC 9110 5.6.7 in one pattern: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`,
 * RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`, asctime `Sun Nov  6 08:49:37 1994`.
 */
const HTTP_DATE =
  /^[A-Z][a-z]{2,8},? (?:(\d\d)[ -]([A-Z][a-z]{2})[ -](\d\d|\d{4})|([A-Z][a-z]{2}) ([ \d]\d)) (\d\d):(\d\d):(\d\d)(?: GMT| (\d{4}))$/;

/**
 * An HTTP-date in ms since the epoch, read field by field rather than by `Date.parse`, whose handling
 * of anything but ISO 8601 differs between runtimes. A field out of range (31 Feb, 24:00) is no date.
 */
export function parseHttpDate(text: string, now: number = epochNow()): number | undefined {
  const m = HTTP_DATE.exec(text);
  if (!m) return undefined;
  const [, day1, month1, year1, month2, day2, h, min, s, year2] = m;
  let year = Number(year1 ?? year2);
  if (year1?.length === 2) {
    // RFC 850's two-digit year: one more than 50 years ahead is the most recent past year with those digits.
    const thisYear = new Date(now).getUTCFullYear();
    year += Math.floor(thisYear / 100) * 100;
    if (year > thisYear + 50) year -= 100;
  }
  const month = MONTHS.indexOf((month1 ?? month2)!) / 3;
  const day = Number(day1 ?? day2);
  const ms = Date.UTC(year, month, day, Number(h), Number(min), Number(s));
  const back = new Date(ms);
  const valid = back.getUTCMonth() === month && back.getUTCDate() === day && Number(h) < 24 && Number(min) < 60 && Number(s) <= 60;
  return valid ? ms : undefined;
}
