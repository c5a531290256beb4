/**
 * A rule: what the SDK checks of one argument before a request, written by the generator as one
 * string, `name[?]:type[(lo..hi)][=JSON enum]`: `?` marks it optional, `type` is one or more of
 * string|integer|number|boolean|array|object|null|any joined by `|`, `(lo..hi)` bounds a number's
 * value or a string's or array's length (either end may be empty), e.g. `take?:integer(1..100)`,
 * `name:string(1..1024)`, `status?:string=["ALL","SUBSCRIBED"]`. The checks: src/resources/check-rule.ts.
 */
export interface Rule {
  readonly name: string;
  readonly required: boolean;
  readonly types: readonly string[];
  readonly lo?: number;
  readonly hi?: number;
  readonly enum?: readonly unknown[];
}

/** Writes a rule in the format above. */
export function encodeRule(rule: Rule): string {
  const range = rule.lo !== undefined || rule.hi !== undefined ? `(${rule.lo ?? ''}..${rule.hi ?? ''})` : '';
  const values = rule.enum ? `=${JSON.stringify(rule.enum)}` : '';
  return `${rule.name}${rule.required ? '' : '?'}:${rule.types.join('|')}${range}${values}`;
}

const RULE = /^(.+?)(\?)?:([a-z|]+)(?:\(([^.]*)\.\.([^)]*)\))?(?:=(.*))?$/s;

/** Reads a rule written by `encodeRule`. */
export function parseRule(text: string): Rule {
  const m = RULE.exec(text);
  if (!m) throw new Error(`invent-sdk: bad rule ${text}`);
  return {
    name: m[1]!,
    required: !m[2],
    types: m[3]!.split('|'),
    lo: m[4] ? Number(m[4]) : undefined,
    hi: m[5] ? Number(m[5]) : undefined,
    enum: m[6] ? JSON.parse(m[6]) : undefined,
  };
}
