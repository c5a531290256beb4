/**
 * The SDK's own knowledge about operations, kept beside the contract in `invent.config.ts` (see
 * docs/keeping-up.md): the type that file satisfies, the checks it must pass, and `applyConfig`, which
 * lays it over whichever contract is present. An operation of the contract that the config does not
 * cover gets a name and behaviour by rule (see `deriveName`) and is listed for review; a config entry
 * whose operation is gone is listed too. Generation never stops on either.
 */
import { routeIdentity } from '../../src/client/route-identity.js';

/** The HTTP methods the SDK calls (lower case, as OpenAPI spells them), in table order. */
export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type ConfigMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A rate limit the docs state: at most `limit` calls per `windowSeconds`, shared per IP, per org, or as the docs leave it. */
export interface RateLimitGroupConfig {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly scope?: 'ip' | 'org';
}

/** What the SDK knows or decides about one operation. Everything but `name` falls back to the rule. */
export interface OperationConfig {
  /** The published resource-method name (`contacts.list`). Never changes once released. */
  readonly name: string;
  /** Page/take pagination; `true` takes the largest `take` from the contract (or `defaults.maxTake`). */
  readonly pagination?: boolean | { readonly maxTake: number };
  /** The rate-limit groups the call counts against; `defaults.rateLimits` when left out. */
  readonly rateLimits?: readonly string[];
  /** Safe to send again when an attempt's outcome is unknown; by method when left out (GET, PUT, DELETE). */
  readonly idempotent?: boolean;
  /** Whether the call needs the API key; from the contract's `security` when left out. */
  readonly auth?: boolean;
}

/** The shape of `invent.config.ts`. */
export interface InventConfig {
  /** The documented rate limits, by group name. */
  readonly rateLimitGroups: Readonly<Record<string, RateLimitGroupConfig>>;
  readonly defaults: {
    /** The groups every operation counts against unless its entry says otherwise (and every new one). */
    readonly rateLimits: readonly string[];
    /** The page size limit of a list whose contract gives no `maximum` on `take`. */
    readonly maxTake: number;
  };
  /** By `METHOD /path/template`; path parameters are compared by position, not by name. */
  readonly operations: Readonly<Record<`${ConfigMethod} /${string}`, OperationConfig>>;
  /** Rules for the generated types (scripts/lib/type-rules.ts): closed request bodies, required ids. */
  readonly types?: TypeRules;
}

import type { TypeRules } from './type-rules.js';

type Json = Record<string, any>;

/** A guess made for an operation the config does not cover, as generated/review.json lists it. */
export interface GuessedOperation {
  /** `METHOD /path/template` as the contract spells it. */
  readonly operation: string;
  readonly operationId: string | null;
  readonly name: string;
  readonly pagination: { readonly style: 'page'; readonly maxTake: number } | null;
  readonly rateLimits: readonly string[];
  readonly idempotent: boolean;
  readonly auth: boolean;
}

/** What needs a human after a generation: generated/review.json. */
export interface Review {
  /** Operations of the contract that the config does not cover, with the guesses made (sorted by operation). */
  readonly guessed: GuessedOperation[];
  /** Config entries whose operation the contract no longer has (sorted). */
  readonly missing: Array<{ readonly operation: string; readonly name: string }>;
  /** Operations of the contract the SDK does not generate: HEAD, OPTIONS and TRACE (sorted). */
  readonly skipped: Array<{ readonly operation: string }>;
}

const ITEM_VERBS: Record<ConfigMethod, string> = { GET: 'get', PUT: 'replace', PATCH: 'update', DELETE: 'delete', POST: 'create' };
const COLLECTION_VERBS: Record<ConfigMethod, string> = { ...ITEM_VERBS, GET: 'list' };
/** Members of the client object that a top-level namespace must not shadow. */
export const CLIENT_MEMBERS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'raw', 'orgId', 'baseUrl', 'paginate']);
/** Names every object already has, which a namespace or method must not take. */
export const OBJECT_MEMBERS = new Set(['then', 'constructor', 'prototype', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON']);

const isParam = (segment: string) => /^\{[^}]*\}$/.test(segment);

/** A path segment as an identifier: `sign-in` -> `signIn`, `ai_replies` -> `aiReplies`, `2fa` -> `_2fa`. */
export function identifierOf(segment: string): string {
  const words = segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const text = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join('') || 'root';
  const safe = /^[0-9]/.test(text) ? `_${text}` : text;
  return OBJECT_MEMBERS.has(safe) ? `${safe}_` : safe;
}

/** The segments naming the resource: the path without a leading `/orgs/{param}` (when more follows). */
function resourceSegments(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  return segments[0] === 'orgs' && segments[1] && isParam(segments[1]) && segments.length > 2 ? segments.slice(2) : segments;
}

/** How the rule reads a path: an item (ends in a parameter), a collection, a singleton, or an action. */
export type PathKind = 'item' | 'collection' | 'singleton' | 'action';

/**
 * The resource-method name the rule gives an operation (documented in docs/keeping-up.md): the
 * path's literal segments, camelCased, are the nested namespaces (after a leading `/orgs/{org_id}`);
 * the method is the verb: on an item (the path ends in a parameter) or a singleton (a literal path
 * with a PUT, PATCH or DELETE) get/replace/update/delete/create for GET/PUT/PATCH/DELETE/POST; on a
 * collection (its GET answers an array, the contract has items under it (`/path/{id}`), or it is a
 * top-level path) the same with `list` for GET; a trailing literal segment that is none of these is
 * an action and becomes the method name (`POST /broadcasts/{id}/activate` -> `broadcasts.activate`).
 * Collisions are settled by `claimName`.
 */
export function deriveName(method: ConfigMethod, path: string, kind: PathKind): string[] {
  const segments = resourceSegments(path);
  const statics = segments.filter((s) => !isParam(s)).map(identifierOf);
  if (!statics.length) statics.push('root');
  if (CLIENT_MEMBERS.has(statics[0]!)) statics[0] = `${statics[0]}_`;
  if (kind === 'item' || kind === 'singleton') return [...statics, ITEM_VERBS[method]];
  if (kind === 'collection' || statics.length === 1) return [...statics, COLLECTION_VERBS[method]];
  return statics;
}

/** True when `name` can be added to `taken` without equalling a name or being the namespace of one (or the reverse). */
export function nameIsFree(name: string, taken: ReadonlySet<string>): boolean {
  if (taken.has(name)) return false;
  const parts = name.split('.');
  for (let i = 1; i < parts.length; i++) if (taken.has(parts.slice(0, i).join('.'))) return false;
  for (const other of taken) if (other.startsWith(`${name}.`)) return false;
  return true;
}

/**
 * Settles a collision deterministically. Candidates, first free wins: the rule's name; its last part
 * followed by the HTTP method (`notificationsPost`); the same two with everything after the top
 * namespace joined into one camelCased name (`analytics.metricsTotal`, for when `analytics.metrics`
 * is already a method); then the last of these with 2, 3, ... Operations are named in contract order
 * (path, then method), after every name the config publishes, so a new operation never takes an old name.
 */
export function claimName(parts: readonly string[], method: ConfigMethod, taken: Set<string>): string {
  const verb = `${method[0]}${method.slice(1).toLowerCase()}`;
  const joined = [parts[0]!, parts.slice(1).reduce((a, b) => a + b[0]!.toUpperCase() + b.slice(1))];
  const withVerb = (p: readonly string[]) => [...p.slice(0, -1), `${p[p.length - 1]}${verb}`];
  const candidates = [parts, withVerb(parts), joined, withVerb(joined)].map((p) => p.join('.'));
  for (let n = 2; n < 1000; n++) candidates.push(`${candidates[3]}${n}`);
  const name = candidates.find((c) => nameIsFree(c, taken));
  if (!name) throw new Error(`no free name for ${method} ${parts.join('.')}`);
  taken.add(name);
  return name;
}

/** OpenAPI's rule: the operation's `security` overrides the document's; none, `[]` or an empty requirement `{}` is public. */
export function needsAuth(opSecurity: unknown, rootSecurity: unknown): boolean {
  const security = (opSecurity ?? rootSecurity ?? []) as Json[];
  return Array.isArray(security) && security.length > 0 && !security.some((r) => r && Object.keys(r).length === 0);
}

/** Follows local `$ref`s (`#/components/...`) through a document; an external or circular one is an error. */
export function makeDeref(spec: Json) {
  return function deref<T = Json>(node: any): T {
    let current = node;
    for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
      if (hops > 20 || !current.$ref.startsWith('#/')) throw new Error(`cannot follow $ref ${current.$ref}`);
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce((acc: Json | undefined, key: string) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    }
    return current as T;
  };
}

/** Checks the config itself; its mistakes are ours, so they stop generation with the entry named. */
export function checkConfig(config: InventConfig): Map<string, { key: string; entry: OperationConfig }> {
  const groups = new Set(Object.keys(config.rateLimitGroups));
  const byIdentity = new Map<string, { key: string; entry: OperationConfig }>();
  const names = new Map<string, string>();
  const fail = (key: string, problem: string) => {
    throw new Error(`invent.config.ts: ${key}: ${problem}`);
  };
  for (const g of config.defaults.rateLimits) if (!groups.has(g)) fail('defaults.rateLimits', `unknown rate-limit group ${g}`);
  for (const [key, entry] of Object.entries(config.operations) as Array<[string, OperationConfig]>) {
    const match = /^(GET|PUT|POST|DELETE|PATCH) (\/\S*)$/.exec(key);
    if (!match) fail(key, 'a key is `METHOD /path/template` (GET, PUT, POST, DELETE or PATCH)');
    const identity = routeIdentity(match![1]!, match![2]!);
    const twin = byIdentity.get(identity);
    if (twin) fail(key, `the same operation as ${twin.key} (path parameters are compared by position)`);
    byIdentity.set(identity, { key, entry });
    for (const field of Object.keys(entry))
      if (!['name', 'pagination', 'rateLimits', 'idempotent', 'auth'].includes(field)) fail(key, `unknown field ${field}`);
    if (typeof entry.name !== 'string') fail(key, 'has no name');
    const other = names.get(entry.name);
    if (other) fail(key, `name ${entry.name} is also ${other}'s`);
    names.set(entry.name, key);
    for (const g of entry.rateLimits ?? []) if (!groups.has(g)) fail(key, `unknown rate-limit group ${g}`);
    if (entry.pagination && match![1] !== 'GET') fail(key, 'only a GET can be paginated');
  }
  const all = new Set<string>();
  for (const [name, key] of [...names].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!nameIsFree(name, all)) fail(key, `name ${name} clashes with another entry's (a method cannot also be a namespace)`);
    all.add(name);
  }
  return byIdentity;
}

const placeholders = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);

/**
 * Spells every path the config knows as the config does (`/orgs/{orgId}/contacts` becomes
 * `/orgs/{org_id}/contacts`), its path parameters renamed to match, so the published path strings
 * (`invent.GET('/orgs/{org_id}/contacts')`, `invent.paginate(...)`) and the `org_id` the client fills
 * survive a contract that renames them. A parameter is only a placeholder in the URL, so requests are
 * unchanged. A path is left as it is when its operations' entries disagree or the spelling is taken.
 */
function respellPaths(spec: Json, entries: ReturnType<typeof checkConfig>, deref: (node: unknown) => Json): void {
  for (const path of Object.keys(spec.paths ?? {})) {
    const item = spec.paths[path] as Json;
    const spellings = new Set(
      METHODS.filter((m) => item[m])
        .map((m) => entries.get(routeIdentity(m, path))?.key.split(' ')[1])
        .filter((p): p is string => Boolean(p)),
    );
    if (spellings.size !== 1) continue;
    const [target] = spellings as Set<string>;
    if (target === path || spec.paths[target!]) continue;
    const from = placeholders(path);
    const to = placeholders(target!);
    const rename = (params: unknown[] | undefined) =>
      params?.map((raw) => {
        const p = deref(raw);
        const i = p?.in === 'path' ? from.indexOf(p.name) : -1;
        return i >= 0 && to[i] !== p.name ? { ...p, name: to[i] } : raw;
      });
    if (item.parameters) item.parameters = rename(item.parameters);
    for (const m of METHODS) if (item[m]?.parameters) item[m].parameters = rename(item[m].parameters);
    delete spec.paths[path];
    spec.paths[target!] = item;
  }
}

/**
 * Lays the config over a contract: returns a copy of the contract, its paths spelled as the
 * config spells them (`respellPaths`), whose operations carry what the generator reads (`x-invent-method`, `-pagination`, `-rate-limit`, `-idempotent`, `-auth`, `-key`,
 * any such keys in the contract itself being ignored), and the review of what was guessed or is gone.
 */
export function applyConfig(contract: Json, config: InventConfig): { spec: Json; review: Review } {
  const spec = structuredClone(contract);
  const deref = makeDeref(spec) as (node: unknown) => Json;
  const entries = checkConfig(config);
  const used = new Set<string>();
  const taken = new Set(Object.values(config.operations).map((e) => e.name));
  const rules = (groups: readonly string[]) => groups.map((group) => ({ group, ...config.rateLimitGroups[group]! }));
  const guessed: GuessedOperation[] = [];

  respellPaths(spec, entries, deref);
  const paths = Object.keys(spec.paths ?? {}).sort();
  const ops = paths.flatMap((path) => METHODS.filter((m) => spec.paths[path]?.[m]).map((method) => ({ path, method })));
  const paramsOf = (path: string, op: Json) => [...(spec.paths[path].parameters ?? []), ...(op.parameters ?? [])].map(deref);
  const looksLikeList = (path: string, method: string) => {
    const op = spec.paths[path][method];
    if (method !== 'get') return { list: false, paged: false, take: undefined as Json | undefined };
    const query = paramsOf(path, op).filter((p) => p?.in === 'query');
    const take = query.find((p) => p.name === 'take');
    const success = Object.entries(op.responses ?? {}).find(([code]) => /^2/.test(code))?.[1];
    const schema = deref(deref(success ?? {})?.content?.['application/json']?.schema ?? {}) ?? {};
    const array = schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'));
    return { list: array, paged: array && query.some((p) => p.name === 'page' || p.name === 'take'), take };
  };
  const kindOf = (path: string): PathKind => {
    const last = path.split('/').filter(Boolean).pop() ?? '';
    if (isParam(last)) return 'item';
    if (
      (spec.paths[path].get && looksLikeList(path, 'get').list) ||
      paths.some((p) => p.startsWith(path) && /^\/\{[^}/]*\}$/.test(p.slice(path.length)))
    )
      return 'collection';
    if (['put', 'patch', 'delete'].some((m) => spec.paths[path][m])) return 'singleton';
    return 'action';
  };

  for (const { path, method } of ops) {
    const op = spec.paths[path][method] as Json;
    for (const key of Object.keys(op)) if (key.startsWith('x-invent-')) delete op[key];
    const METHOD = method.toUpperCase() as ConfigMethod;
    const found = entries.get(routeIdentity(METHOD, path));
    const list = looksLikeList(path, method);
    const maxTake = (entry: OperationConfig['pagination']) =>
      typeof entry === 'object' ? entry.maxTake : (deref(list.take?.schema ?? {})?.maximum ?? config.defaults.maxTake);
    const auth = found?.entry.auth ?? needsAuth(op.security, spec.security);
    const defaultIdempotent = METHOD === 'GET' || METHOD === 'PUT' || METHOD === 'DELETE';
    let meta: Omit<GuessedOperation, 'operation' | 'operationId'>;
    if (found) {
      used.add(found.key);
      const { entry } = found;
      meta = {
        name: entry.name,
        pagination: entry.pagination ? { style: 'page', maxTake: maxTake(entry.pagination) } : null,
        rateLimits: entry.rateLimits ?? config.defaults.rateLimits,
        idempotent: entry.idempotent ?? defaultIdempotent,
        auth,
      };
    } else {
      const kind = kindOf(path);
      meta = {
        name: claimName(deriveName(METHOD, path, kind), METHOD, taken),
        pagination: list.paged ? { style: 'page', maxTake: maxTake(true) } : null,
        rateLimits: config.defaults.rateLimits,
        idempotent: defaultIdempotent,
        auth,
      };
      guessed.push({ operation: `${METHOD} ${path}`, operationId: op.operationId ?? null, ...meta });
    }
    op['x-invent-key'] = found?.key ?? `${METHOD} ${path}`;
    op['x-invent-method'] = meta.name;
    if (meta.pagination) op['x-invent-pagination'] = meta.pagination;
    op['x-invent-rate-limit'] = rules(meta.rateLimits);
    op['x-invent-idempotent'] = meta.idempotent;
    op['x-invent-auth'] = meta.auth;
  }
  const missing = Object.entries(config.operations)
    .filter(([key]) => !used.has(key))
    .map(([operation, entry]) => ({ operation, name: (entry as OperationConfig).name }))
    .sort((a, b) => (a.operation < b.operation ? -1 : 1));
  guessed.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
  const skipped = paths
    .flatMap((path) =>
      ['head', 'options', 'trace'].filter((m) => spec.paths[path]?.[m]).map((m) => ({ operation: `${m.toUpperCase()} ${path}` })),
    )
    .sort((a, b) => (a.operation < b.operation ? -1 : 1));
  return { spec, review: { guessed, missing, skipped } };
}
