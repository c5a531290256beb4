/**
 * Renders generated/operations.ts: the per-operation runtime metadata. It reads a contract that
 * `applyConfig` (scripts/lib/sdk-config.ts) has laid the SDK's config over: the `x-invent-*` keys
 * here are that overlay's, never the vendored openapi.json's.
 */
import { encodeNames, encodeOperations, expandOperations, nameOperations } from '../../src/contract/operation-table.js';
import type { HttpMethod, OperationMeta, RateLimitGroup } from '../../src/contract/types.js';

import { METHODS } from './sdk-config.js';
import { eachOperation } from './spec-source.js';

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

export type Spec = {
  paths: Record<string, Record<string, SpecOperation> & { parameters?: SpecOperation['parameters'] }>;
  components?: {
    parameters?: Record<string, { name: string; in: string }>;
    requestBodies?: Record<string, { content?: Record<string, unknown> }>;
  };
};

/** The metadata of every operation, by its key (`METHOD /path/template`), in contract order, plus the rate-limit groups. */
export function collectOperations(spec: Spec): {
  operations: Record<string, OperationMeta>;
  groups: Record<string, Omit<RateLimitRule, 'group'>>;
} {
  const groups = new Map<string, Omit<RateLimitRule, 'group'>>();
  const operations: Record<string, OperationMeta> = {};
  for (const { path, method, op: rawOp } of eachOperation(spec, METHODS)) {
    const op = rawOp as SpecOperation;
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
import { expandOperations, nameOperations } from '../src/contract/operation-table.js';
import type { CallMeta, OperationMeta, RateLimitGroup } from '../src/contract/types.js';

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
 * compact table (format in src/contract/operation-table.ts) and expanded when this module loads.
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
