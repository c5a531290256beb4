/**
 * The runtime check of a resource call's arguments against their rules (src/contract/rules.ts): which
 * rule a value breaks, as a word. It covers what a JavaScript caller most often gets wrong (a missing
 * or mistyped value, a number or length out of range, a value outside an enum) and leaves deeper
 * checks to the API. The words become a message in ./check-rule.ts, loaded only when a call is refused.
 */
import type { Rule } from '../contract/rules.js';

/** What a value breaks: `required` (missing), `type`, `enum`, `lo` (too small or short), `hi` (too large or long). */
export type RuleProblem = 'required' | 'type' | 'enum' | 'lo' | 'hi';

/** The type a rule would name for `value`: `integer`, `number`, `NaN`, `array`, `null`, `string`, ... */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : String(value);
  return typeof value;
}

function matches(type: string, value: unknown, actual: string): boolean {
  if (type === 'any' || type === actual) return true;
  if (type === 'number') return actual === 'integer';
  // A multipart field typed string may carry a file.
  if (type === 'string') return typeof Blob !== 'undefined' && value instanceof Blob;
  return false;
}

/** What a range bounds: a number's value, a string's or an array's length. */
export function sizeOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
}

/** Which rule `value` breaks under `rule`, or undefined when it passes. */
export function ruleProblem(rule: Rule, value: unknown): RuleProblem | undefined {
  if (value === undefined) return rule.required ? 'required' : undefined;
  const actual = typeOf(value);
  if (!rule.types.some((t) => matches(t, value, actual))) return 'type';
  if (rule.enum && !rule.enum.includes(value)) return 'enum';
  const size = sizeOf(value);
  if (size === undefined) return undefined;
  if (rule.lo !== undefined && size < rule.lo) return 'lo';
  if (rule.hi !== undefined && size > rule.hi) return 'hi';
  return undefined;
}
