/**
 * The compact tables of generated/operations.ts and generated/resources.ts, and their expansion. The
 * per-operation metadata a call needs ships in every program that creates a client, so it is stored
 * as one string (about a third of the size of the plain objects once gzipped) and expanded into
 * `CallMeta` objects when the module loads. The keys, operationIds and tags, which no call needs, are a
 * second string that only the public `operations` map reads, so a bundler drops them from programs
 * that do not import it. scripts/lib/operations-module.ts writes both and checks that expanding them
 * gives back exactly the metadata it read from the contract.
 *
 * The table: a header line, then one line per operation, in the order of the contract (path, then
 * method). Fields are separated by one space; trailing empty fields are left out.
 *
 *   header:     the body media types (referred to as A, B, C, ...), `|`, the rate-limit groups (referred
 *               to as 0, 1, 2, ...), `|`, the default `rateLimits` as group indices
 *   operation:  path  flags  sdkMethod  pathParams
 *
 * - path: the template, front-coded against the previous operation's: a base-36 digit counting the
 *   leading `/`-separated parts they share, then the rest (`4/{contact_id}` after
 *   `/orgs/{org_id}/contacts`); empty when it is the same path.
 * - flags: the method (`g`et, p`u`t, p`o`st, `d`elete, p`a`tch), then: `i` when `idempotent` is not
 *   the method's default (true for GET, PUT, DELETE); `p` for page pagination, followed by `maxTake`
 *   when it is not 100; an upper-case letter for the body's media type, followed by `!` when the body
 *   is required; `n` when the call needs no bearer token; `r` and group indices when `rateLimits` is
 *   not the default.
 * - sdkMethod: empty when it is the name `predictMethod` gives, `-` for none.
 * - pathParams: comma-separated, only when they are not the template's placeholders in order.
 *
 * The names: one line per operation, in the same order, three tab-separated fields, trailing empty
 * ones left out: the operation's key in the SDK's config when it is not `METHOD path` (the config
 * spells a path parameter differently), the operationId (information only), and the tag, left out
 * when it is the previous operation's.
 */
import type { CallMeta, HttpMethod, OperationMeta, RateLimitGroup } from '../../generated/operations.js';
import type { ResourceData } from './types.js';

const METHODS: Record<string, HttpMethod> = { g: 'GET', u: 'PUT', o: 'POST', d: 'DELETE', a: 'PATCH' };
const FLAGS = /^([guoda])(i?)(?:p(\d*))?([A-Z]!?)?(n?)(?:r(\d*))?$/;
const PLACEHOLDER = /\{([^}]+)\}/g;

const camel = (s: string) => s.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The resource-method name the naming conventions give an operation (most of them follow these;
 * the table spells out the others): the path's literal segments (after `/orgs/{org_id}`) as the
 * namespace, then `get` / `update` / `delete` / `create` on an item; `list` for a paginated GET;
 * `create` for a POST to a listed collection; otherwise the last segment is the action
 * (`/broadcasts/{id}/activate` -> `broadcasts.activate`). `previous` is the operation before it.
 */
export function predictMethod(method: HttpMethod, path: string, paginated: boolean, previous: CallMeta | undefined): string {
  const segments = path.split('/').slice(path.startsWith('/orgs/{org_id}') ? 3 : 1);
  const names = segments.filter((s) => s[0] !== '{').map(camel);
  const verb = (name: string) => [...names, name].join('.');
  if (segments[segments.length - 1]?.[0] === '{') {
    return verb(method === 'GET' ? 'get' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'create' : 'update');
  }
  if (method === 'GET') return paginated || names.length < 2 ? verb('list') : names.join('.');
  if (method === 'POST') return (previous?.path === path && previous.pagination) || names.length < 2 ? verb('create') : names.join('.');
  return verb(method === 'DELETE' ? 'delete' : 'update');
}

/** Expands the table (see the module notes) into the metadata a call needs, in contract order. */
export function expandOperations(table: string, groups: Readonly<Record<string, RateLimitGroup>>): CallMeta[] {
  const [header = '', ...lines] = table.split('\n');
  const [media = '', groupNames = '', defaults = ''] = header.split('|');
  const mediaTypes = media.split(' ');
  const names = groupNames ? groupNames.split(' ') : Object.keys(groups);
  const limits = (digits: string) => [...digits].map((d) => names[Number(d)]!);
  const out: CallMeta[] = [];
  let previous: CallMeta | undefined;
  for (const line of lines) {
    const [path = '', flags = '', sdk = '', params = ''] = line.split(' ');
    const f = FLAGS.exec(flags);
    if (!f) throw new Error(`invent-sdk: bad operation table line ${line}`);
    const method = METHODS[f[1]!]!;
    const prevPath = previous?.path ?? '';
    const fullPath = path ? prevPath.split('/').slice(0, parseInt(path[0]!, 36)).join('/') + path.slice(1) : prevPath;
    const pagination = f[3] !== undefined ? { style: 'page' as const, maxTake: f[3] ? Number(f[3]) : 100 } : null;
    previous = {
      method,
      path: fullPath,
      sdkMethod: sdk === '-' ? null : sdk || predictMethod(method, fullPath, Boolean(pagination), previous),
      idempotent: (method === 'GET' || method === 'PUT' || method === 'DELETE') !== Boolean(f[2]),
      rateLimits: limits(f[6] ?? defaults),
      pathParams: params ? params.split(',') : [...fullPath.matchAll(PLACEHOLDER)].map((m) => m[1]!),
      pagination,
      body: f[4] ? { mediaType: mediaTypes[f[4].charCodeAt(0) - 65]!, required: f[4].length > 1 } : null,
      auth: !f[5],
    };
    out.push(previous);
  }
  return out;
}

/** Names the expanded operations (see the module notes): the public map, by `METHOD /path/template`, with operationIds and tags. */
export function nameOperations(list: readonly CallMeta[], names: string): Record<string, OperationMeta> {
  const out: Record<string, OperationMeta> = {};
  let tag = 'Default';
  names.split('\n').forEach((line, i) => {
    const op = list[i]!;
    const [key, operationId, lineTag] = line.split('\t');
    if (lineTag) tag = lineTag;
    out[key || `${op.method} ${op.path}`] = { ...op, operationId: operationId || null, tag };
  });
  return out;
}

/** The `page` rule every page-paginated list shares (`#` in the rule table, with `take`). */
const PAGE_RULE = 'page?:integer(1..)';

/**
 * Expands the rule table of generated/resources.ts into `resourceData` (one entry per operation, in
 * contract order: undefined for none), the argument rules of the resource methods (see
 * src/resources/rules.ts for a rule's format).
 *
 * The table has one line per operation, in the order of `operationList` (an empty line: no rules). A
 * line is tab-separated tokens, each a kind letter and a value: `q` a query-parameter rule, `h` a
 * header rule, `b` a body-field rule, `#` the list pair `page?:integer(1..)` and
 * `take?:integer(1..maxTake)` (query rules, in place), `o` the `oneOf` sets as JSON, `w` the body is
 * passed whole (`r` required, `o` optional), `p` the response is parsed as `t`ext or `b`lob, `r` a
 * reserved slot.
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
          push(token[0], value);
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
