/**
 * The messages of refused resource calls, loaded only when a call is refused (./refusal.ts): the
 * checks in ./arguments.ts name a problem as data, and this module says it in words.
 */
import type { Rule } from '../contract/rules.js';
import { REQUEST_OPTION_KEYS } from '../call-options.js';
import { unknownName } from '../nearest-name.js';
import { violation } from './check-rule.js';

const kind = (value: unknown) => (Array.isArray(value) ? 'an array' : typeof value);

/** What is wrong with a call's arguments, as found by ./arguments.ts. */
export type Problem =
  /** A path id (argument `index`, from 0) is missing, or not a string or number. */
  | readonly ['id', name: string, index: number, value: unknown]
  /** `params` (argument `index`, from 0) is not an object. */
  | readonly ['params', index: number, value: unknown]
  /** The options argument is not an object. */
  | readonly ['options', value: unknown]
  | readonly ['unknown-option', key: string]
  /** A `params` key that names no parameter or body field of the operation (`known`). */
  | readonly ['unknown-parameter', key: string, known: readonly string[]]
  | readonly ['rule', rule: Rule, value: unknown]
  /** None of the sets of body fields the operation needs one of is given whole. */
  | readonly ['one-of', sets: readonly (readonly string[])[]]
  | readonly ['extra']
  | readonly ['org-id'];

/** The message for `problem`, without the call's name. */
export function explain(problem: Problem): string {
  switch (problem[0]) {
    case 'id': {
      const [, id, index, value] = problem;
      return value === undefined || value === null || value === ''
        ? `\`${id}\` (argument ${index + 1}) is required`
        : `\`${id}\` (argument ${index + 1}) must be a string, got ${kind(value)}`;
    }
    case 'params':
      return `params (argument ${problem[1] + 1}) must be an object, got ${kind(problem[2])}`;
    case 'options':
      return `options must be an object, got ${typeof problem[1]}`;
    case 'unknown-option':
      return unknownName('option', problem[1], REQUEST_OPTION_KEYS);
    case 'unknown-parameter':
      return `${unknownName('parameter', problem[1], problem[2])}; \`options.extra\` sends it anyway`;
    case 'rule':
      return violation(problem[1], problem[2])!;
    case 'one-of':
      return `give at least one of ${problem[1].map((set) => set.map((key) => `\`${key}\``).join(' and ')).join(', ')}`;
    case 'extra':
      return 'options.extra must be an object';
    case 'org-id':
      return 'options.orgId must be a non-empty string';
  }
}
