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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** Sun, 06 Nov 1994 08:49:37 GMT */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** Sunday, 06-Nov-94 08:49:37 GMT */
const RFC_850 = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** Sun Nov  6 08:49:37 1994 */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * An HTTP-date (RFC 9110 5.6.7) in ms since the epoch, read field by field rather than by
 * `Date.parse`, whose handling of anything but ISO 8601 differs between runtimes.
 */
export function parseHttpDate(text: string, now: number = epochNow()): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC_850.exec(text);
  if (m) {
    // A two-digit year more than 50 years ahead is the most recent past year with those digits.
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME.exec(text);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!, m[3]!, m[4]!, m[5]!);
  return undefined;
}

function utc(year: number, month: string, day: string, hours: string, minutes: string, seconds: string): number | undefined {
  const monthIndex = MONTHS.indexOf(month);
  const [d, h, min, s] = [day, hours, minutes, seconds].map(Number) as [number, number, number, number];
  const ms = Date.UTC(year, monthIndex, d, h, min, s);
  // Date.UTC rolls 31 Feb over into March: a field out of range makes no date at all.
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== monthIndex || h > 23 || min > 59 || s > 60) return undefined;
  return ms;
}
