/**
 * The runtime check of a resource call's arguments against their rules (src/contract/rules.ts). It
 * covers what a JavaScript caller most often gets wrong (a missing or mistyped value, a number or
 * length out of range, a value outside an enum) and leaves deeper checks to the API.
 */
import type { Rule } from '../contract/rules.js';

function typeOf(value: unknown): string {
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

/** Returns what is wrong with `value` under `rule`, or undefined when it passes. */
export function violation(rule: Rule, value: unknown): string | undefined {
  const name = `\`${rule.name}\``;
  if (value === undefined) return rule.required ? `${name} is required` : undefined;
  const actual = typeOf(value);
  if (!rule.types.some((t) => matches(t, value, actual))) {
    return `${name} must be ${rule.types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`)).join(' or ')}, got ${actual === 'null' ? 'null' : actual === 'array' ? 'an array' : `${actual} ${JSON.stringify(value)?.slice(0, 40)}`}`;
  }
  if (rule.enum && !rule.enum.includes(value)) {
    return `${name} must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  const size = typeof value === 'number' ? value : typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
  if (size === undefined) return undefined;
  const what = typeof value === 'number' ? '' : typeof value === 'string' ? ' characters' : ' items';
  const shown = typeof value === 'number' ? value : `${size}${what}`;
  if (rule.lo !== undefined && size < rule.lo) return `${name} must be at least ${rule.lo}${what}, got ${shown}`;
  if (rule.hi !== undefined && size > rule.hi) return `${name} must be at most ${rule.hi}${what}, got ${shown}`;
  return undefined;
}
