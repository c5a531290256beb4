/**
 * Renders generated/operations.ts: the per-operation runtime metadata. It reads a contract that
 * `applyConfig` (scripts/lib/sdk-config.ts) has laid the SDK's config over: the `x-invent-*` keys
 * here are that overlay's, never the vendored openapi.json's.
 */
import type { CallMeta, HttpMethod, OperationMeta, RateLimitGroup } from '../../generated/operations.js';
import { expandOperations, nameOperations, predictMethod } from '../../src/resources/operation-table.js';

import { METHODS } from './sdk-config.js';

interface RateLimitRule {
  group: string;
  limit: number;
  windowSeconds: number;
  scope?: string;
}

export interface SpecOperation {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, unknown> };
  security?: unknown[];
  'x-invent-method'?: string;
  'x-invent-idempotent'?: boolean;
  'x-invent-pagination'?: { style?: string; maxTake?: number } | boolean;
  'x-invent-rate-limit'?: RateLimitRule[];
  'x-invent-auth'?: boolean;
  'x-invent-key'?: string;
}

type Spec = {
  paths: Record<string, Record<string, SpecOperation> & { parameters?: SpecOperation['parameters'] }>;
  components?: {
    parameters?: Record<string, { name: string; in: string }>;
    requestBodies?: Record<string, { content?: Record<string, unknown> }>;
  };
};

/** Walks every operation of the spec in a stable order (path, then method). */
export function* eachOperation(
  spec: Spec,
): Generator<{ path: string; method: (typeof METHODS)[number]; op: SpecOperation; params: Array<{ name: string; in: string }> }> {
  for (const path of Object.keys(spec.paths).sort()) {
    const item = spec.paths[path]!;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        p.$ref ? spec.components!.parameters![p.$ref.split('/').pop()!]! : (p as { name: string; in: string }),
      );
      yield { path, method, op, params };
    }
  }
}

/** The metadata of every operation, by its key (`METHOD /path/template`), in contract order, plus the rate-limit groups. */
export function collectOperations(spec: Spec): {
  operations: Record<string, OperationMeta>;
  groups: Record<string, Omit<RateLimitRule, 'group'>>;
} {
  const groups = new Map<string, Omit<RateLimitRule, 'group'>>();
  const operations: Record<string, OperationMeta> = {};
  for (const { path, method, op } of eachOperation(spec)) {
    const id = op['x-invent-key'] ?? `${method.toUpperCase()} ${path}`;
    if (Object.hasOwn(operations, id)) throw new Error(`${id} is in the contract twice`);
    if (/\s/.test(`${path}${op['x-invent-method'] ?? ''}`))
      throw new Error(`${id}: a path or resource-method name with white space cannot be stored`);
    const rules = op['x-invent-rate-limit'] ?? [];
    for (const { group, ...rule } of rules) {
      const known = groups.get(group);
      if (known && JSON.stringify(known) !== JSON.stringify(rule)) throw new Error(`rate-limit group ${group} is defined two ways (${id})`);
      groups.set(group, rule);
    }
    const pagination = op['x-invent-pagination'];
    const body = op.requestBody?.content ? Object.keys(op.requestBody.content)[0] : undefined;
    operations[id] = {
      method: method.toUpperCase() as HttpMethod,
      path,
      sdkMethod: op['x-invent-method'] ?? null,
      idempotent: op['x-invent-idempotent'] ?? ['get', 'put', 'delete'].includes(method),
      rateLimits: rules.map((r) => r.group),
      pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!),
      pagination: pagination ? { style: 'page', maxTake: (typeof pagination === 'object' && pagination.maxTake) || 100 } : null,
      body: body ? { mediaType: body, required: Boolean(op.requestBody?.required) } : null,
      auth: op['x-invent-auth'] ?? true,
      operationId: op.operationId ?? null,
      tag: op.tags?.[0] ?? 'Default',
    };
  }
  return { operations, groups: Object.fromEntries([...groups.keys()].sort().map((g) => [g, groups.get(g)!])) };
}

const METHOD_LETTERS: Record<string, string> = { GET: 'g', PUT: 'u', POST: 'o', DELETE: 'd', PATCH: 'a' };

/** Writes the compact table that src/resources/operation-table.ts expands (its notes give the format). */
export function encodeOperations(operations: Record<string, OperationMeta>, groupNames: readonly string[]): string {
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
  const defaults = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const lines = [`${media.join(' ')}|${groupNames.join(' ')}|${defaults}`];
  let previous: CallMeta | undefined;
  for (const [id, m] of Object.entries(operations)) {
    const prev = previous?.path.split('/') ?? [''];
    const parts = m.path.split('/');
    let shared = 0;
    while (shared < prev.length && shared < parts.length && shared < 35 && prev[shared] === parts[shared]) shared++;
    const path = previous?.path === m.path ? '' : shared.toString(36) + (shared < parts.length ? `/${parts.slice(shared).join('/')}` : '');
    const defaultIdempotent = m.method === 'GET' || m.method === 'PUT' || m.method === 'DELETE';
    const flags =
      METHOD_LETTERS[m.method]! +
      (m.idempotent !== defaultIdempotent ? 'i' : '') +
      (m.pagination ? `p${m.pagination.maxTake === 100 ? '' : m.pagination.maxTake}` : '') +
      (m.body ? String.fromCharCode(65 + media.indexOf(m.body.mediaType)) + (m.body.required ? '!' : '') : '') +
      (m.auth ? '' : 'n') +
      (limits(m.rateLimits) === defaults ? '' : `r${limits(m.rateLimits)}`);
    const sdk =
      m.sdkMethod === null ? '-' : m.sdkMethod === predictMethod(m.method, m.path, Boolean(m.pagination), previous) ? '' : m.sdkMethod;
    const derived = [...m.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
    const params = derived.join(',') === m.pathParams.join(',') ? '' : m.pathParams.join(',');
    if (params && m.pathParams.some((p) => p.includes(','))) throw new Error(`${id}: a path parameter name with a comma cannot be stored`);
    lines.push([path, flags, sdk, params].join(' ').trimEnd());
    previous = m;
  }
  return lines.join('\n');
}

/**
 * Writes the names that src/resources/operation-table.ts reads, one tab-separated line per operation:
 * its key when it is not `METHOD path`, its operationId, and its tag where it changes.
 */
export function encodeNames(operations: Record<string, OperationMeta>): string {
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

/** TypeScript for a JSON value's literal type, as `as const` would give it. */
function literalType(value: unknown): string {
  if (Array.isArray(value)) return `readonly [${value.map(literalType).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `readonly ${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literalType(v)}`)
      .join('; ')} }`;
  }
  return JSON.stringify(value);
}

export function buildOperationsModule(spec: Spec): string {
  const { operations, groups } = collectOperations(spec);
  const groupNames = Object.keys(groups);
  const table = encodeOperations(operations, groupNames);
  const names = encodeNames(operations);
  const expanded = nameOperations(expandOperations(table, groups as Record<string, RateLimitGroup>), names);
  if (JSON.stringify(expanded) !== JSON.stringify(operations))
    throw new Error('the operation table does not expand to the metadata it was written from');
  const groupEntries = groupNames.map((g) => `  ${JSON.stringify(g)}: ${JSON.stringify(groups[g])},`);
  const typeEntries = Object.entries(operations).map(([id, meta]) => `  readonly ${JSON.stringify(id)}: ${literalType(meta)};`);
  return `
import { expandOperations, nameOperations } from '../src/resources/operation-table.js';

/** An HTTP method of the contract's operations. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A documented rate limit: at most \`limit\` requests per \`windowSeconds\`, counted per IP, per org, or (scope unset) as the docs leave it. */
export interface RateLimitGroup {
  /** The most requests in any window. */
  readonly limit: number;
  /** The window's length, in seconds. */
  readonly windowSeconds: number;
  /** Who shares the budget: \`ip\`, \`org\`, or unset when the docs do not say. */
  readonly scope?: string;
}

/** What a call needs to know about its operation: the contract, with the SDK's config (invent.config.ts) laid over it. */
export interface CallMeta {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path template, e.g. \`/orgs/{org_id}/contacts\`. */
  readonly path: string;
  /** The resource method name, e.g. \`contacts.list\` (the config's \`name\`, or the naming rule's). */
  readonly sdkMethod: string | null;
  /** Safe to send again when the outcome of an attempt is unknown (the config's \`idempotent\`, else GET, PUT and DELETE). */
  readonly idempotent: boolean;
  /** The rate-limit groups the call counts against (the config's \`rateLimits\`). */
  readonly rateLimits: readonly string[];
  /** Path parameters in template order. */
  readonly pathParams: readonly string[];
  /** Page/take pagination (the config's \`pagination\`); null when the call is not a list. */
  readonly pagination: {
    /** \`page\`: the \`page\` and \`take\` query parameters, with \`pagination-*\` response headers. */
    readonly style: 'page';
    /** The largest \`take\` (page size) the operation accepts. */
    readonly maxTake: number;
  } | null;
  /** The request body's media type and whether it is required; null when the call takes no body. */
  readonly body: {
    /** The media type the body is sent as (\`application/json\`, \`multipart/form-data\`, ...). */
    readonly mediaType: string;
    /** Whether the operation requires a body. */
    readonly required: boolean;
  } | null;
  /** Whether the call needs the bearer token: OpenAPI's \`security\` rule (the operation's, else the document's; none or \`[]\` is public), unless the config says otherwise. */
  readonly auth: boolean;
}

/** What the SDK knows about one operation of the contract: what a call needs, its operationId and its tag. */
export interface OperationMeta extends CallMeta {
  /** The contract's operationId, for information only: the SDK names operations by method and path. */
  readonly operationId: string | null;
  /** The operation's first tag in the contract (its resource family). */
  readonly tag: string;
}

/** The name of a documented rate-limit group. */
export type RateLimitGroupName = ${groupNames.length ? groupNames.map((g) => JSON.stringify(g)).join(' | ') : 'never'};

/** The documented rate limits, by group name (the config's \`rateLimitGroups\`). */
export const rateLimitGroups: { readonly [name in RateLimitGroupName]: RateLimitGroup } = {
${groupEntries.join('\n')}
};

/** Every operation's metadata, by \`METHOD /path/template\`: the literal types of \`operations\`. */
export type Operations = {
${typeEntries.join('\n')}
};

/** Checks, at compile time, that every entry of \`Operations\` is an \`OperationMeta\`. */
type Satisfies<T extends Record<string, OperationMeta>> = T;
export type CheckedOperations = Satisfies<Operations>;

/**
 * What each call needs to know, in contract order: what the client's request path reads. Stored as a
 * compact table (format in src/resources/operation-table.ts) and expanded when this module loads.
 */
export const operationList: readonly CallMeta[] = /* @__PURE__ */ expandOperations(
  ${JSON.stringify(table).replace(/\\n/g, '\\n" +\n  "')},
  rateLimitGroups,
);

/**
 * Every operation's metadata, by \`METHOD /path/template\` (the SDK config's key), in contract order:
 * \`operationList\` with the operationIds and tags, which no call needs (a bundler leaves them out of programs that do not import this).
 */
export const operations: Operations = /* @__PURE__ */ nameOperations(
  operationList,
  ${JSON.stringify(names).replace(/\\n/g, '\\n" +\n  "')},
) as unknown as Operations;

/** An operation of the contract as the SDK names it: \`METHOD /path/template\` (\`'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send'\`). */
export type OperationKey = keyof Operations;
`;
}
