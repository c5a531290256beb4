/**
 * The rule table of generated/resources.ts: the argument rules of every resource method, one line
 * per operation in the order of `operationList`, written by `encodeResourceData` and expanded by
 * `expandResourceData` when generated/resources.ts loads.
 */
import type { CallMeta, ResourceData } from './types.js';

/** The `page` rule every page-paginated list shares (`#` in the rule table, with `take`). */
const PAGE_RULE = 'page?:integer(1..)';

/** A rule whose type (`:string`) was left out: a plain name and `?`, then the end, a range or values. */
const UNTYPED = /^([\w.-]+\??)(?=[(=]|$)/;

/**
 * Expands the rule table of generated/resources.ts into `resourceData` (one entry per operation, in
 * contract order: undefined for none), the argument rules of the resource methods (see
 * ./rules.ts for a rule's format).
 *
 * The table has one line per operation, in the order of `operationList` (an empty line: no rules). A
 * line is tab-separated tokens, each a kind letter and a value: `q` a query-parameter rule, `h` a
 * header rule, `b` a body-field rule, `#` the list pair `page?:integer(1..)` and
 * `take?:integer(1..maxTake)` (query rules, in place), `o` the `oneOf` sets as JSON, `w` the body is
 * passed whole (`r` required, `o` optional), `p` the response is parsed as `t`ext or `b`lob, `r` a
 * reserved slot. A rule of type `string` alone leaves out `:string` when its name is a plain word
 * (`bname?(1..1024)` for `name?:string(1..1024)`).
 */
export function expandResourceData(table: string, operations: readonly CallMeta[]): Array<ResourceData | undefined> {
  const lines = table.split('\n');
  if (lines.length !== operations.length)
    throw new Error('invent-sdk: generated/resources.ts does not match generated/operations.ts (run npm run generate)');
  return lines.map((line, i) => {
    if (!line) return undefined;
    const data: { -readonly [K in keyof ResourceData]: ResourceData[K] } = {};
    const push = (kind: 'q' | 'h' | 'b', ...rules: string[]) => ((data[kind] as string[] | undefined) ??= []).push(...rules);
    for (const token of line.split('\t')) {
      const value = token.slice(1);
      switch (token[0]) {
        case '#':
          push('q', PAGE_RULE, `take?:integer(1..${operations[i]!.pagination?.maxTake})`);
          break;
        case 'q':
        case 'h':
        case 'b':
          push(token[0], value.replace(UNTYPED, '$1:string'));
          break;
        case 'o':
          data.oneOf = JSON.parse(value);
          break;
        case 'w':
          data.whole = value === 'r' ? 'required' : 'optional';
          break;
        case 'p':
          data.parse = value === 't' ? 'text' : 'blob';
          break;
        case 'r':
          data.reserved = value;
          break;
      }
    }
    return data;
  });
}

/**
 * Writes the rule table `expandResourceData` reads: `data[i]` holds the rules of `operations[i]`
 * (undefined for none); `ids` name the operations in errors.
 */
export function encodeResourceData(
  data: ReadonlyArray<ResourceData | undefined>,
  operations: readonly CallMeta[],
  ids: readonly string[],
): string {
  return data
    .map((entry, i) => {
      if (!entry) return '';
      const tokens: string[] = [];
      const query = [...(entry.q ?? [])];
      const maxTake = operations[i]!.pagination?.maxTake;
      const page = query.indexOf(PAGE_RULE);
      const pair = maxTake !== undefined && page >= 0 && query[page + 1] === `take?:integer(1..${maxTake})`;
      query.forEach((rule, j) => {
        if (pair && j === page) tokens.push('#');
        else if (!(pair && j === page + 1)) tokens.push(`q${shortenRule(rule)}`);
      });
      for (const rule of entry.h ?? []) tokens.push(`h${shortenRule(rule)}`);
      for (const rule of entry.b ?? []) tokens.push(`b${shortenRule(rule)}`);
      if (entry.oneOf) tokens.push(`o${JSON.stringify(entry.oneOf)}`);
      if (entry.whole) tokens.push(`w${entry.whole[0]}`);
      if (entry.parse) tokens.push(`p${entry.parse[0]}`);
      if (entry.reserved) tokens.push(`r${entry.reserved}`);
      for (const token of tokens)
        if (/[\t\n\r\u2028\u2029]/.test(token))
          throw new Error(`${ids[i]}: a rule with a tab or a line break cannot be stored: ${JSON.stringify(token)}`);
      return tokens.join('\t');
    })
    .join('\n');
}

/** A rule as the table stores it: `:string` left out where `UNTYPED` puts it back. */
function shortenRule(rule: string): string {
  const short = rule.replace(/^([\w.-]+\??):string(?=[(=]|$)/, '$1');
  return short !== rule && short.replace(UNTYPED, '$1:string') === rule ? short : rule;
}
