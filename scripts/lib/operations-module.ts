/** Renders generated/operations.ts: the per-operation runtime metadata, read from the spec's x-invent-* extensions. */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

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
}

type Spec = {
  paths: Record<string, Record<string, SpecOperation> & { parameters?: SpecOperation['parameters'] }>;
  components?: { parameters?: Record<string, { name: string; in: string }>; requestBodies?: Record<string, { content?: Record<string, unknown> }> };
};

/** Walks every operation of the spec in a stable order (path, then method). */
export function* eachOperation(spec: Spec): Generator<{ path: string; method: (typeof METHODS)[number]; op: SpecOperation; params: Array<{ name: string; in: string }> }> {
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

export function buildOperationsModule(spec: Spec): string {
  const groups = new Map<string, Omit<RateLimitRule, 'group'>>();
  const entries: string[] = [];
  const seen = new Set<string>();
  for (const { path, method, op, params } of eachOperation(spec)) {
    const id = op.operationId;
    if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    if (seen.has(id)) throw new Error(`duplicate operationId ${id}`);
    seen.add(id);
    const rules = op['x-invent-rate-limit'] ?? [];
    for (const { group, ...rule } of rules) {
      const known = groups.get(group);
      if (known && JSON.stringify(known) !== JSON.stringify(rule)) throw new Error(`rate-limit group ${group} is defined two ways (${id})`);
      groups.set(group, rule);
    }
    const pagination = op['x-invent-pagination'];
    const body = op.requestBody?.content ? Object.keys(op.requestBody.content)[0] : undefined;
    const meta: Record<string, unknown> = {
      method: method.toUpperCase(),
      path,
      tag: op.tags?.[0] ?? 'Default',
      sdkMethod: op['x-invent-method'] ?? null,
      idempotent: op['x-invent-idempotent'] ?? ['get', 'put', 'delete'].includes(method),
      rateLimits: rules.map((r) => r.group),
      pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      pagination: pagination ? { style: 'page', maxTake: (typeof pagination === 'object' && pagination.maxTake) || 100 } : null,
      body: body ? { mediaType: body, required: Boolean(op.requestBody?.required) } : null,
      auth: !(Array.isArray(op.security) && op.security.length === 0),
    };
    entries.push(`  ${id}: ${JSON.stringify(meta)},`);
  }
  const groupEntries = [...groups.keys()].sort().map((g) => `  ${JSON.stringify(g)}: ${JSON.stringify(groups.get(g))},`);
  return `
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A documented rate limit: at most \`limit\` requests per \`windowSeconds\`, counted per IP, per org, or (scope unset) as the docs leave it. */
export interface RateLimitGroup {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly scope?: string;
}

export interface OperationMeta {
  readonly method: HttpMethod;
  /** The path template, e.g. \`/orgs/{org_id}/contacts\`. */
  readonly path: string;
  readonly tag: string;
  /** The resource method name, e.g. \`contacts.list\` (from x-invent-method). */
  readonly sdkMethod: string | null;
  /** Safe to send again when the outcome of an attempt is unknown (x-invent-idempotent). */
  readonly idempotent: boolean;
  /** The rate-limit groups the call counts against (x-invent-rate-limit). */
  readonly rateLimits: readonly string[];
  /** Path parameters in template order. */
  readonly pathParams: readonly string[];
  /** Page/take pagination (x-invent-pagination); null when the call is not a list. */
  readonly pagination: { readonly style: 'page'; readonly maxTake: number } | null;
  readonly body: { readonly mediaType: string; readonly required: boolean } | null;
  /** Whether the call needs the bearer token (false only where the spec sets \`security: []\`). */
  readonly auth: boolean;
}

export const rateLimitGroups = {
${groupEntries.join('\n')}
} as const satisfies Record<string, RateLimitGroup>;

export const operations = {
${entries.join('\n')}
} as const satisfies Record<string, OperationMeta>;

export type OperationId = keyof typeof operations;
export type RateLimitGroupName = keyof typeof rateLimitGroups;
`;
}
