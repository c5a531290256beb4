/**
 * The compact tables of generated/operations.ts and generated/resources.ts, and their expansion. The
 * per-operation metadata a call needs ships in every program that creates a client, so it is stored
 * as one string (about a third of the size of the plain objects once gzipped) and expanded into
 * `CallMeta` objects when the module loads. The keys, operationIds and tags, which no call needs, are a
 * second string that only the public `operations` map reads, so a bundler drops them from programs
 * that do not import it. `encodeOperations` and `encodeNames` write them (scripts/lib/operations-module.ts
 * calls them and checks that expanding gives back exactly the metadata it read from the contract).
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
 *   `/orgs/{org_id}/contacts`); empty when it is the same path. A placeholder named after the segment
 *   before it, in the singular with `_id` (`contacts/{contact_id}`, `activities/{activity_id}`), is
 *   written `{}`.
 * - flags: the method (`g`et, p`u`t, p`o`st, `d`elete, p`a`tch), then: `i` when `idempotent` is not
 *   the method's default (true for GET, PUT, DELETE); `p` for page pagination, followed by `maxTake`
 *   when it is not 100; an upper-case letter for the body's media type, followed by `!` when the body
 *   is required; `n` when the call needs no bearer token; `r` and group indices when `rateLimits` is
 *   not the default.
 * - sdkMethod: empty when it is the name `predictMethod` gives, `-` for none; else a digit counting
 *   the leading `.`-separated parts it shares with that name, then the rest (`2clear` for
 *   `chats.memories.clear` where `chats.memories.delete` is predicted).
 * - pathParams: comma-separated, only when they are not the template's placeholders in order.
 *
 * The names: one line per operation, in the same order, three tab-separated fields, trailing empty
 * ones left out: the operation's key in the SDK's config when it is not `METHOD path` (the config
 * spells a path parameter differently), the operationId (information only), and the tag, left out
 * when it is the previous operation's.
 */
import type { CallMeta, HttpMethod, OperationMeta, RateLimitGroup } from './types.js';

const METHODS: Record<string, HttpMethod> = { g: 'GET', u: 'PUT', o: 'POST', d: 'DELETE', a: 'PATCH' };
const FLAGS = /^([guoda])(i?)(?:p(\d*))?([A-Z]!?)?(n?)(?:r(\d*))?$/;
const PLACEHOLDER = /\{([^}]+)\}/g;

const camel = (s: string) => s.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The placeholder a collection's item usually has: `contacts` -> `contact_id`, `activities` -> `activity_id`. */
const itemId = (segment: string) => `${segment.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '')}_id`;
/** The reverse: each placeholder named after the segment before it written `{}`. */
const shortenPlaceholders = (path: string) =>
  path.replace(/([^/]+)\/\{([^}]+)\}/g, (all, segment: string, name: string) => (name === itemId(segment) ? `${segment}/{}` : all));

/** `sdkMethod` as stored: `predicted` parts kept (a digit), then the rest (see the module notes). */
const expandName = (stored: string, predicted: string) =>
  /^\d/.test(stored)
    ? [...predicted.split('.').slice(0, Number(stored[0])), ...(stored.length > 1 ? [stored.slice(1)] : [])].join('.')
    : stored;

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
  // The previous operation's path, split at `/` (a front-coded path keeps its first parts).
  let parts = [''];
  for (const line of lines) {
    const [path = '', flags = '', sdk = '', params = ''] = line.split(' ');
    const f = FLAGS.exec(flags);
    if (!f) throw new Error(`invent-sdk: bad operation table line ${line}`);
    const method = METHODS[f[1]!]!;
    if (path) {
      parts = parts.slice(0, parseInt(path[0]!, 36));
      for (const part of path.slice(1).split('/').slice(1)) parts.push(part === '{}' ? `{${itemId(parts[parts.length - 1]!)}}` : part);
    }
    const fullPath = path ? parts.join('/') : (previous?.path ?? '');
    const pagination = f[3] !== undefined ? { style: 'page' as const, maxTake: f[3] ? Number(f[3]) : 100 } : null;
    const predicted = sdk === '-' || (sdk && !/^\d/.test(sdk)) ? '' : predictMethod(method, fullPath, Boolean(pagination), previous);
    previous = {
      method,
      path: fullPath,
      sdkMethod: sdk === '-' ? null : sdk ? expandName(sdk, predicted) : predicted,
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

const METHOD_LETTERS: Record<HttpMethod, string> = { GET: 'g', PUT: 'u', POST: 'o', DELETE: 'd', PATCH: 'a' };

/** Writes the table `expandOperations` reads (the module notes give the format), operations in contract order. */
export function encodeOperations(operations: Readonly<Record<string, CallMeta>>, groupNames: readonly string[]): string {
  const metas = Object.values(operations);
  const media = [...new Set(metas.flatMap((m) => (m.body ? [m.body.mediaType] : [])))].sort();
  if (media.length > 26) throw new Error('more than 26 body media types');
  if (groupNames.length > 10) throw new Error('more than 10 rate-limit groups');
  const limits = (list: readonly string[]) =>
    list
      .map((g) => {
        const i = groupNames.indexOf(g);
        if (i < 0) throw new Error(`rate-limit group ${g} has no limit`);
        return String(i);
      })
      .join('');
  const counts = new Map<string, number>();
  for (const m of metas) counts.set(limits(m.rateLimits), (counts.get(limits(m.rateLimits)) ?? 0) + 1);
  // The most common set of groups is the default, so most lines leave it out.
  const defaults = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const lines = [`${media.join(' ')}|${groupNames.join(' ')}|${defaults}`];
  let previous: CallMeta | undefined;
  for (const [id, m] of Object.entries(operations)) {
    if (m.path.includes('{}')) throw new Error(`${id}: a path with an unnamed placeholder {} cannot be stored`);
    const prev = previous ? shortenPlaceholders(previous.path).split('/') : [''];
    const parts = shortenPlaceholders(m.path).split('/');
    let shared = 0;
    while (shared < prev.length && shared < parts.length && shared < 35 && prev[shared] === parts[shared]) shared++;
    const path = previous?.path === m.path ? '' : shared.toString(36) + (shared < parts.length ? `/${parts.slice(shared).join('/')}` : '');
    const defaultIdempotent = m.method === 'GET' || m.method === 'PUT' || m.method === 'DELETE';
    const flags =
      METHOD_LETTERS[m.method] +
      (m.idempotent !== defaultIdempotent ? 'i' : '') +
      (m.pagination ? `p${m.pagination.maxTake === 100 ? '' : m.pagination.maxTake}` : '') +
      (m.body ? String.fromCharCode(65 + media.indexOf(m.body.mediaType)) + (m.body.required ? '!' : '') : '') +
      (m.auth ? '' : 'n') +
      (limits(m.rateLimits) === defaults ? '' : `r${limits(m.rateLimits)}`);
    const predicted = predictMethod(m.method, m.path, Boolean(m.pagination), previous);
    const sdk = m.sdkMethod === null ? '-' : m.sdkMethod === predicted ? '' : shortenName(m.sdkMethod, predicted);
    const derived = [...m.path.matchAll(PLACEHOLDER)].map((x) => x[1]!);
    const params = derived.join(',') === m.pathParams.join(',') ? '' : m.pathParams.join(',');
    if (params && m.pathParams.some((p) => p.includes(','))) throw new Error(`${id}: a path parameter name with a comma cannot be stored`);
    lines.push([path, flags, sdk, params].join(' ').trimEnd());
    previous = m;
  }
  return lines.join('\n');
}

/** `name` as `expandName` reads it: the parts it shares with `predicted` counted (at most 9), then the rest. */
function shortenName(name: string, predicted: string): string {
  if (!name) throw new Error('an empty sdkMethod cannot be stored');
  const parts = name.split('.');
  const guess = predicted.split('.');
  let shared = 0;
  while (shared < 9 && shared < parts.length - 1 && parts[shared] === guess[shared]) shared++;
  if (shared < 9 && shared === parts.length - 1 && parts[shared] === guess[shared] && parts.length <= guess.length) shared++;
  const rest = parts.slice(shared).join('.');
  return shared === 0 && !/^\d/.test(name) ? name : `${shared}${rest}`;
}

/** Writes the names `nameOperations` reads (the module notes give the format). */
export function encodeNames(operations: Readonly<Record<string, OperationMeta>>): string {
  let tag = 'Default';
  return Object.entries(operations)
    .map(([key, m]) => {
      const fields = [key === `${m.method} ${m.path}` ? '' : key, m.operationId ?? '', m.tag === tag ? '' : m.tag];
      if (fields.some((f) => /[\t\n\r]/.test(f)))
        throw new Error(`${key}: a key, operationId or tag with a tab or line break cannot be stored`);
      if (m.operationId === '') throw new Error(`${key}: an empty operationId cannot be stored`);
      tag = m.tag;
      return fields.join('\t').replace(/\t+$/, '');
    })
    .join('\n');
}
