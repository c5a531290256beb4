/**
 * What is wrong with an argument under its rule, in words: the message of a refused resource call.
 * The check itself is ./rule-problem.ts; this module is loaded only when a call is refused.
 */
import type { Rule } from '../contract/rules.js';
import { ruleProblem, sizeOf, typeOf } from './rule-problem.js';

/** Returns what is wrong with `value` under `rule`, or undefined when it passes. */
export function violation(rule: Rule, value: unknown): string | undefined {
  const problem = ruleProblem(rule, value);
  if (!problem) return undefined;
  const name = `\`${rule.name}\``;
  if (problem === 'required') return `${name} is required`;
  if (problem === 'type') {
    const actual = typeOf(value);
    return `${name} must be ${rule.types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`)).join(' or ')}, got ${actual === 'null' ? 'null' : actual === 'array' ? 'an array' : `${actual} ${JSON.stringify(value)?.slice(0, 40)}`}`;
  }
  if (problem === 'enum')
    return `${name} must be one of ${rule.enum!.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
  const size = sizeOf(value)!;
  const what = typeof value === 'number' ? '' : typeof value === 'string' ? ' characters' : ' items';
  const shown = typeof value === 'number' ? value : `${size}${what}`;
  return problem === 'lo'
    ? `${name} must be at least ${rule.lo}${what}, got ${shown}`
    : `${name} must be at most ${rule.hi}${what}, got ${shown}`;
}
