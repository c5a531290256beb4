/**
 * What changed between two contracts for people who use the SDK, and nothing else. Both sides are
 * normalized OpenAPI 3.1 (see loadContract); operations are matched by METHOD + path template (path
 * parameters by position, so `{id}` -> `{contact_id}` is one operation), never by operationId. Each
 * change has a stable rule id in the style of oasdiff's checks and a severity; see docs/keeping-up.md.
 */
import { compareSchemas, type SchemaContext, type Side } from './spec-diff-schema.js';
import { SEVERITIES, type Severity, type SpecChange, type SpecDiff, suggestBump } from './spec-diff-model.js';
import { eachOperation, resolvePointer, routeKey, type Json } from './spec-source.js';

export type { SpecChange, SpecDiff, Severity } from './spec-diff-model.js';

interface Operation {
  path: string;
  method: string;
  op: Json;
  item: Json;
}

interface OperationContext extends SchemaContext {
  oldRoot: Json;
  newRoot: Json;
}

/** Follows `$ref`s of parameters, request bodies and responses. */
function deref(spec: Json, node: unknown, depth = 0): Json | undefined {
  const value = node as Json | undefined;
  if (!value || typeof value !== 'object') return undefined;
  if (typeof value.$ref !== 'string') return value;
  return depth > 16 ? undefined : deref(spec, resolvePointer(spec, value.$ref), depth + 1);
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  schema: unknown;
}

/** Parameters by identity: path parameters by position (names are cosmetic), others by `in` + name. */
function parametersOf(spec: Json, { path, item, op }: Operation): Map<string, Param> {
  const byName = new Map<string, Param>();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(spec, raw);
    if (!p?.name || !p.in) continue;
    const schema = p.schema ?? (p.content ? (Object.values(p.content)[0] as Json | undefined)?.schema : undefined);
    const name = p.in === 'header' ? String(p.name).toLowerCase() : p.name;
    byName.set(`${p.in}:${name}`, {
      name: p.name,
      in: p.in,
      required: p.in === 'path' || p.required === true,
      deprecated: p.deprecated === true,
      schema,
    });
  }
  const params = new Map<string, Param>();
  const order = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const [key, p] of byName) {
    const position = p.in === 'path' ? order.indexOf(p.name) : -1;
    params.set(position >= 0 ? `path:#${position}` : key, p);
  }
  return params;
}

function compareParameters(ctx: OperationContext, before: Operation, after: Operation): void {
  const oldParams = parametersOf(ctx.oldSpec, before);
  const newParams = parametersOf(ctx.newSpec, after);
  for (const [key, p] of oldParams) {
    const next = newParams.get(key);
    const where = `${p.in}.${p.name}`;
    if (!next) {
      ctx.report('request-parameter-removed', 'warning', `${p.in} parameter \`${p.name}\` removed`, where);
      continue;
    }
    if (p.name !== next.name)
      ctx.report(
        'request-path-parameter-renamed',
        'warning',
        `path parameter \`${p.name}\` renamed to \`${next.name}\` (the key in the generated path-parameter type changes)`,
        `${next.in}.${next.name}`,
      );
    if (p.required !== next.required)
      ctx.report(
        `request-parameter-became-${next.required ? 'required' : 'optional'}`,
        next.required ? 'breaking' : 'info',
        `${p.in} parameter \`${p.name}\` is now ${next.required ? 'required' : 'optional'}`,
        where,
      );
    if (!p.deprecated && next.deprecated)
      ctx.report('request-parameter-deprecated', 'info', `${p.in} parameter \`${p.name}\` deprecated`, where);
    compareSchemas(ctx, p.schema, next.schema, 'request', 'request-parameter', `${next.in}.${next.name}`);
  }
  for (const [key, p] of newParams) {
    if (oldParams.has(key)) continue;
    const where = `${p.in}.${p.name}`;
    if (p.required) ctx.report('new-required-request-parameter', 'breaking', `new required ${p.in} parameter \`${p.name}\``, where);
    else ctx.report('new-optional-request-parameter', 'info', `new optional ${p.in} parameter \`${p.name}\``, where);
  }
}

function contentOf(spec: Json, holder: unknown): Record<string, Json> {
  return (deref(spec, holder)?.content as Record<string, Json> | undefined) ?? {};
}

/** Compares the schemas of media types both sides have; reports media types added and removed. */
function compareContent(
  ctx: OperationContext,
  oldContent: Record<string, Json>,
  newContent: Record<string, Json>,
  side: Side,
  where: string,
  removedSeverity: Severity,
): void {
  const oldTypes = Object.keys(oldContent);
  const newTypes = Object.keys(newContent);
  const prefix = side === 'request' ? 'request-body' : 'response';
  for (const type of oldTypes.filter((t) => !newTypes.includes(t)))
    ctx.report(`${prefix}-media-type-removed`, removedSeverity, `${where}: media type ${type} removed`, where);
  for (const type of newTypes.filter((t) => !oldTypes.includes(t)))
    ctx.report(`${prefix}-media-type-added`, 'info', `${where}: media type ${type} added`, where);
  const common = oldTypes.filter((t) => newTypes.includes(t));
  for (const type of common) {
    const label = common.length > 1 ? `${where} (${type})` : where;
    compareSchemas(
      ctx,
      oldContent[type]?.schema,
      newContent[type]?.schema,
      side,
      side === 'request' ? 'request-body' : 'response-body',
      label,
    );
  }
}

function compareRequestBody(ctx: OperationContext, before: Json, after: Json): void {
  const oldBody = deref(ctx.oldSpec, before.requestBody);
  const newBody = deref(ctx.newSpec, after.requestBody);
  if (!oldBody && !newBody) return;
  if (!oldBody || !newBody) {
    if (newBody)
      ctx.report(
        `request-body-added-${newBody.required ? 'required' : 'optional'}`,
        newBody.required ? 'breaking' : 'info',
        `now takes ${newBody.required ? 'a required' : 'an optional'} request body`,
        'body',
      );
    else ctx.report('request-body-removed', 'warning', 'no longer takes a request body', 'body');
    return;
  }
  if (Boolean(oldBody.required) !== Boolean(newBody.required))
    ctx.report(
      `request-body-became-${newBody.required ? 'required' : 'optional'}`,
      newBody.required ? 'breaking' : 'info',
      `the request body is now ${newBody.required ? 'required' : 'optional'}`,
      'body',
    );
  compareContent(ctx, contentOf(ctx.oldSpec, oldBody), contentOf(ctx.newSpec, newBody), 'request', 'body', 'breaking');
}

const isSuccess = (status: string) => /^2/.test(status);

function compareResponses(ctx: OperationContext, before: Json, after: Json): void {
  const oldResponses: Json = before.responses ?? {};
  const newResponses: Json = after.responses ?? {};
  for (const status of Object.keys(oldResponses).filter((s) => !(s in newResponses))) {
    if (isSuccess(status))
      ctx.report('response-success-status-removed', 'breaking', `success response ${status} removed`, `response ${status}`);
    else ctx.report('response-non-success-status-removed', 'info', `response ${status} removed`, `response ${status}`);
  }
  for (const status of Object.keys(newResponses).filter((s) => !(s in oldResponses))) {
    const success = isSuccess(status);
    ctx.report(
      `response-${success ? '' : 'non-'}success-status-added`,
      'info',
      `${success ? 'success ' : ''}response ${status} added`,
      `response ${status}`,
    );
  }
  for (const status of Object.keys(oldResponses).filter((s) => s in newResponses)) {
    compareContent(
      ctx,
      contentOf(ctx.oldSpec, oldResponses[status]),
      contentOf(ctx.newSpec, newResponses[status]),
      'response',
      `response ${status}`,
      isSuccess(status) ? 'breaking' : 'info',
    );
  }
}

/**
 * What an operation's authentication needs, by scheme definition rather than scheme name (renaming
 * `bearerAuth` to `bearer` changes nothing): `http bearer`, `apiKey header x-api-key`, ... One entry
 * per alternative. Undefined when the operation is public (no requirement, or `{}` among them).
 */
function securityOf(root: Json, op: Json): string[] | undefined {
  const requirements: unknown = op.security ?? root.security ?? [];
  if (!Array.isArray(requirements) || requirements.length === 0) return undefined;
  if (requirements.some((r) => typeof r === 'object' && r !== null && Object.keys(r).length === 0)) return undefined;
  const schemes: Json = root.components?.securitySchemes ?? {};
  const describe = (name: string) => {
    const s = deref(root, schemes[name]);
    if (!s) return name;
    return [s.type, s.scheme?.toLowerCase(), s.in, s.in === 'header' ? s.name?.toLowerCase() : s.name].filter(Boolean).join(' ');
  };
  return requirements
    .map((r) =>
      Object.keys(r as Json)
        .map(describe)
        .sort()
        .join(' + '),
    )
    .sort();
}

function compareSecurity(ctx: OperationContext, before: Json, after: Json): void {
  const was = securityOf(ctx.oldRoot, before);
  const is = securityOf(ctx.newRoot, after);
  if (!was && is) ctx.report('api-security-added', 'breaking', `now requires authentication (${is.join(' or ')}); it was public`);
  else if (was && !is) ctx.report('api-security-removed', 'warning', `is now public (it required ${was.join(' or ')})`);
  else if (was && is) {
    // A way of authenticating that is gone breaks clients that use it; a new alternative does not.
    const gone = was.filter((r) => !is.includes(r));
    const added = is.filter((r) => !was.includes(r));
    if (gone.length)
      ctx.report('api-security-changed', 'breaking', `authentication ${gone.join(' or ')} no longer accepted (now ${is.join(' or ')})`);
    else if (added.length) ctx.report('api-security-alternative-added', 'info', `also accepts ${added.join(' or ')}`);
  }
}

function index(spec: Json): Map<string, Operation> {
  const map = new Map<string, Operation>();
  for (const entry of eachOperation(spec)) map.set(routeKey(entry.method, entry.path), entry);
  return map;
}

/** Lists what changed from `oldSpec` to `newSpec` (both normalized), sorted by severity, operation, location. */
export function diffSpecs(oldSpec: Json, newSpec: Json, options: { sdkVersion?: string } = {}): SpecDiff {
  const out: SpecChange[] = [];
  const before = index(oldSpec);
  const after = index(newSpec);
  for (const [key, o] of before) {
    const n = after.get(key);
    const current = n ?? o;
    const operation = `${current.method.toUpperCase()} ${current.path}`;
    const operationId: string | undefined = current.op.operationId;
    const ctx: OperationContext = {
      oldSpec,
      newSpec,
      oldRoot: oldSpec,
      newRoot: newSpec,
      report: (id, severity, message, location) =>
        out.push({ id, severity, operation, ...(operationId ? { operationId } : {}), ...(location ? { location } : {}), message }),
    };
    if (!n) {
      ctx.report('endpoint-removed', 'breaking', 'operation removed');
      continue;
    }
    if (o.op.operationId !== n.op.operationId)
      ctx.report(
        'api-operation-id-updated',
        'info',
        `operationId \`${o.op.operationId ?? '(none)'}\` -> \`${n.op.operationId ?? '(none)'}\``,
      );
    if (!o.op.deprecated && n.op.deprecated) ctx.report('endpoint-deprecated', 'warning', 'operation deprecated');
    if (o.op.deprecated && !n.op.deprecated) ctx.report('endpoint-reactivated', 'info', 'operation no longer deprecated');
    compareSecurity(ctx, o.op, n.op);
    compareParameters(ctx, o, n);
    compareRequestBody(ctx, o.op, n.op);
    compareResponses(ctx, o.op, n.op);
  }
  for (const [key, n] of after) {
    if (before.has(key)) continue;
    out.push({
      id: 'endpoint-added',
      severity: 'info',
      operation: `${n.method.toUpperCase()} ${n.path}`,
      ...(n.op.operationId ? { operationId: n.op.operationId } : {}),
      message: 'new operation',
    });
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  // A field of a shared schema reached twice in one operation is reported once.
  const seen = new Set<string>();
  const changes = out
    .filter((c) => {
      const id = JSON.stringify([c.operation, c.id, c.location, c.message]);
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) ||
        a.operation.localeCompare(b.operation) ||
        (a.location ?? '').localeCompare(b.location ?? '') ||
        a.id.localeCompare(b.id),
    );
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const c of changes) counts[c.severity] += 1;
  return {
    from: { title: oldSpec.info?.title, version: oldSpec.info?.version },
    to: { title: newSpec.info?.title, version: newSpec.info?.version },
    bump: suggestBump(counts, options.sdkVersion),
    counts,
    changes,
  };
}
