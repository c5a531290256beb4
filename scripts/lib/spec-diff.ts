/**
 * What changed between two contracts, for people who use the SDK: operations, parameters, request
 * fields, enum values, response fields; each change classified as breaking or not, and the semver
 * bump that follows (major for breaking, minor for additions, patch for anything else).
 */
import { eachOperation, resolvePointer, routeKey, type Json } from './spec-source.js';

/** `breaking`: code written against the old contract may stop compiling or working. `addition`: new things to use. `change`: neither. */
export type Impact = 'breaking' | 'addition' | 'change';
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface SpecChange {
  impact: Impact;
  /** Stable machine name: `operation-removed`, `parameter-required`, `enum-value-removed`, `response-field-retyped`, ... */
  kind: string;
  /** `GET /orgs/{org_id}/contacts` (the new contract's path when both have the operation). */
  operation: string;
  operationId: string | undefined;
  /** Where in the operation: `query.status`, `body.recipient.email`, `response[].name`. */
  location?: string;
  message: string;
}

export interface SpecDiff {
  from: { title: string; version: string };
  to: { title: string; version: string };
  bump: Bump;
  breaking: number;
  additions: number;
  other: number;
  changes: SpecChange[];
}

type Side = 'request' | 'response';

interface Ctx {
  oldSpec: Json;
  newSpec: Json;
  operation: string;
  operationId: string | undefined;
  out: SpecChange[];
}

const MAX_DEPTH = 12;

function add(ctx: Ctx, impact: Impact, kind: string, message: string, location?: string): void {
  ctx.out.push({ impact, kind, operation: ctx.operation, operationId: ctx.operationId, ...(location ? { location } : {}), message });
}

/** Follows `$ref`s (local ones) to the object they name. */
function deref(spec: Json, node: unknown, seen = new Set<string>()): Json | undefined {
  let current = node as Json | undefined;
  while (current && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    current = resolvePointer(spec, current.$ref) as Json | undefined;
  }
  return current && typeof current === 'object' ? current : undefined;
}

/** A schema with its `$ref` followed and `allOf` members merged (properties, required, type). */
function flatten(spec: Json, node: unknown): Json | undefined {
  const schema = deref(spec, node);
  if (!schema || !Array.isArray(schema.allOf)) return schema;
  const merged: Json = { ...schema, properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  delete merged.allOf;
  for (const member of schema.allOf) {
    const m = flatten(spec, member);
    if (!m) continue;
    Object.assign(merged.properties, m.properties ?? {});
    merged.required.push(...(m.required ?? []));
    if (merged.type === undefined && m.type !== undefined) merged.type = m.type;
    if (merged.enum === undefined && m.enum !== undefined) merged.enum = m.enum;
    if (merged.items === undefined && m.items !== undefined) merged.items = m.items;
  }
  return merged;
}

/** `string`, `integer|null`, `object`, `array<string>`, `string|string[]`: what a schema's values are, for retype checks. */
function typeLabel(spec: Json, node: unknown, depth = 0): string {
  const schema = flatten(spec, node);
  if (!schema || depth > 3) return 'any';
  let types: string[];
  if (schema.type !== undefined) types = ([] as string[]).concat(schema.type);
  else if (
    Array.isArray(schema.oneOf ?? schema.anyOf) &&
    (schema.oneOf ?? schema.anyOf).some((s: Json) => deref(spec, s)?.type !== undefined || deref(spec, s)?.properties)
  ) {
    types = (schema.oneOf ?? schema.anyOf).map((s: unknown) => typeLabel(spec, s, depth + 1));
  } else if (schema.properties) types = ['object'];
  else if (schema.const !== undefined) types = [schema.const === null ? 'null' : typeof schema.const];
  else if (Array.isArray(schema.enum))
    types = [...new Set(schema.enum.map((v: unknown) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v)))] as string[];
  else return 'any';
  const labels = types.map((t) => (t === 'array' ? `array<${typeLabel(spec, schema.items, depth + 1)}>` : t));
  return [...new Set(labels)].sort().join('|');
}

function enumOf(spec: Json, node: unknown): unknown[] | undefined {
  const schema = flatten(spec, node);
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  const members = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(members) && members.length && members.every((m: unknown) => deref(spec, m)?.const !== undefined))
    return members.map((m: unknown) => deref(spec, m)!.const);
  return undefined;
}

const show = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;

/** Compares two schemas at `location`, recursing into properties and array items. */
function compareSchema(
  ctx: Ctx,
  oldNode: unknown,
  newNode: unknown,
  side: Side,
  location: string,
  what: string,
  stack: string[] = [],
): void {
  if (stack.length > MAX_DEPTH) return;
  const oldRef = (oldNode as Json | undefined)?.$ref;
  const newRef = (newNode as Json | undefined)?.$ref;
  if (oldRef && newRef) {
    const pair = `${oldRef}|${newRef}`;
    if (stack.includes(pair)) return; // a recursive schema: already being compared
    stack = [...stack, pair];
  }
  const oldSchema = flatten(ctx.oldSpec, oldNode);
  const newSchema = flatten(ctx.newSpec, newNode);
  if (!oldSchema || !newSchema) return;
  const oldType = typeLabel(ctx.oldSpec, oldSchema);
  const newType = typeLabel(ctx.newSpec, newSchema);
  if (oldType !== newType && oldType !== 'any') {
    add(ctx, 'breaking', `${side}-field-retyped`, `${what} changed type from \`${oldType}\` to \`${newType}\``, location);
    return;
  }

  const oldEnum = enumOf(ctx.oldSpec, oldSchema);
  const newEnum = enumOf(ctx.newSpec, newSchema);
  if (oldEnum && newEnum) {
    const has = (list: unknown[], v: unknown) => list.some((x) => JSON.stringify(x) === JSON.stringify(v));
    const removed = oldEnum.filter((v) => !has(newEnum, v));
    const added = newEnum.filter((v) => !has(oldEnum, v));
    for (const v of removed) add(ctx, 'breaking', 'enum-value-removed', `${what}: enum value ${show(v)} removed`, location);
    for (const v of added) {
      const note = side === 'response' ? ' (code that switches over every value must handle it)' : '';
      add(ctx, 'addition', 'enum-value-added', `${what}: enum value ${show(v)} added${note}`, location);
    }
  } else if (!oldEnum && newEnum && side === 'request') {
    add(ctx, 'breaking', 'enum-added', `${what} now only accepts ${newEnum.map(show).join(', ')}`, location);
  }

  if (oldType.startsWith('array') || newType.startsWith('array')) {
    if (oldSchema.items && newSchema.items)
      compareSchema(ctx, oldSchema.items, newSchema.items, side, `${location}[]`, `${what} items`, stack);
  }

  const oldProps: Json = oldSchema.properties ?? {};
  const newProps: Json = newSchema.properties ?? {};
  if (!oldSchema.properties && !newSchema.properties) return;
  const oldRequired = new Set<string>(oldSchema.required ?? []);
  const newRequired = new Set<string>(newSchema.required ?? []);
  const join = (name: string) => `${location}.${name}`;
  /** `recipient.email`, `[].status`: the field as users know it, without the `body.`/`response.` root. */
  const field = (name: string) =>
    join(name)
      .replace(/^(body|response)\.?/, '')
      .replace(/^\./, '');
  const removedNames = Object.keys(oldProps).filter((n) => !(n in newProps));
  const addedNames = Object.keys(newProps).filter((n) => !(n in oldProps));
  for (const name of removedNames) {
    const type = typeLabel(ctx.oldSpec, oldProps[name]);
    const twin = addedNames.find((a) => typeLabel(ctx.newSpec, newProps[a]) === type);
    const hint = twin ? ` (renamed to \`${twin}\`?)` : '';
    add(ctx, 'breaking', `${side}-field-removed`, `${side} field \`${field(name)}\` removed${hint}`, join(name));
  }
  for (const name of addedNames) {
    if (side === 'request' && newRequired.has(name))
      add(ctx, 'breaking', 'request-field-added', `new required request field \`${field(name)}\``, join(name));
    else
      add(
        ctx,
        'addition',
        `${side}-field-added`,
        `new ${side === 'request' ? 'optional request' : 'response'} field \`${field(name)}\``,
        join(name),
      );
  }
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) continue;
    const at = join(name);
    const shown = field(name);
    const wasRequired = oldRequired.has(name);
    const isRequired = newRequired.has(name);
    if (side === 'request' && !wasRequired && isRequired)
      add(ctx, 'breaking', 'request-field-required', `request field \`${shown}\` is now required`, at);
    if (side === 'request' && wasRequired && !isRequired)
      add(ctx, 'change', 'request-field-optional', `request field \`${shown}\` is now optional`, at);
    if (side === 'response' && wasRequired && !isRequired)
      add(ctx, 'breaking', 'response-field-optional', `response field \`${shown}\` may now be absent`, at);
    if (side === 'response' && !wasRequired && isRequired)
      add(ctx, 'change', 'response-field-required', `response field \`${shown}\` is now always present`, at);
    compareSchema(ctx, oldProps[name], newProps[name], side, at, `${side} field \`${shown}\``, stack);
  }
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

function parametersOf(spec: Json, item: Json, op: Json): Map<string, Param> {
  const params = new Map<string, Param>();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(spec, raw);
    if (!p?.name || !p.in) continue;
    const schema = p.schema ?? (p.content ? (Object.values(p.content)[0] as Json | undefined)?.schema : undefined);
    params.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.in === 'path' || Boolean(p.required), schema });
  }
  return params;
}

function compareParameters(ctx: Ctx, oldParams: Map<string, Param>, newParams: Map<string, Param>): void {
  for (const [key, p] of oldParams) {
    const location = `${p.in}.${p.name}`;
    const next = newParams.get(key);
    if (!next) {
      add(ctx, 'breaking', 'parameter-removed', `${p.in} parameter \`${p.name}\` removed`, location);
      continue;
    }
    if (!p.required && next.required)
      add(ctx, 'breaking', 'parameter-required', `${p.in} parameter \`${p.name}\` is now required`, location);
    if (p.required && !next.required) add(ctx, 'change', 'parameter-optional', `${p.in} parameter \`${p.name}\` is now optional`, location);
    compareSchema(ctx, p.schema, next.schema, 'request', location, `${p.in} parameter \`${p.name}\``);
  }
  for (const [key, p] of newParams) {
    if (oldParams.has(key)) continue;
    const location = `${p.in}.${p.name}`;
    if (p.required) add(ctx, 'breaking', 'parameter-added', `new required ${p.in} parameter \`${p.name}\``, location);
    else add(ctx, 'addition', 'parameter-added', `new optional ${p.in} parameter \`${p.name}\``, location);
  }
}

function firstContent(spec: Json, holder: unknown): { mediaType: string; schema: unknown } | undefined {
  const content = deref(spec, holder)?.content as Json | undefined;
  if (!content) return undefined;
  const entry = Object.entries(content).find(([type]) => /json/i.test(type)) ?? Object.entries(content)[0];
  return entry ? { mediaType: entry[0], schema: (entry[1] as Json)?.schema } : undefined;
}

function compareRequestBody(ctx: Ctx, oldOp: Json, newOp: Json): void {
  const oldBody = deref(ctx.oldSpec, oldOp.requestBody);
  const newBody = deref(ctx.newSpec, newOp.requestBody);
  if (!oldBody && !newBody) return;
  if (!oldBody) {
    if (newBody!.required) add(ctx, 'breaking', 'request-body-added', 'now requires a request body', 'body');
    else add(ctx, 'addition', 'request-body-added', 'now accepts an optional request body', 'body');
    return;
  }
  if (!newBody) {
    add(ctx, 'breaking', 'request-body-removed', 'no longer takes a request body', 'body');
    return;
  }
  if (!oldBody.required && newBody.required) add(ctx, 'breaking', 'request-body-required', 'the request body is now required', 'body');
  const oldContent = firstContent(ctx.oldSpec, oldBody);
  const newContent = firstContent(ctx.newSpec, newBody);
  if (oldContent && newContent && oldContent.mediaType !== newContent.mediaType) {
    add(
      ctx,
      'breaking',
      'request-media-type-changed',
      `request body changed from ${oldContent.mediaType} to ${newContent.mediaType}`,
      'body',
    );
    return;
  }
  if (oldContent && newContent) compareSchema(ctx, oldContent.schema, newContent.schema, 'request', 'body', 'request body');
}

function successOf(spec: Json, op: Json): { status: string; content: { mediaType: string; schema: unknown } | undefined } | undefined {
  const status = Object.keys(op.responses ?? {})
    .filter((s) => /^2/.test(s))
    .sort()[0];
  return status ? { status, content: firstContent(spec, op.responses[status]) } : undefined;
}

function compareResponses(ctx: Ctx, oldOp: Json, newOp: Json): void {
  const oldSuccess = successOf(ctx.oldSpec, oldOp);
  const newSuccess = successOf(ctx.newSpec, newOp);
  if (!oldSuccess || !newSuccess) return;
  if (oldSuccess.status !== newSuccess.status)
    add(ctx, 'change', 'response-status-changed', `success status changed from ${oldSuccess.status} to ${newSuccess.status}`, 'response');
  const oldContent = oldSuccess.content;
  const newContent = newSuccess.content;
  if (oldContent && !newContent) {
    add(ctx, 'breaking', 'response-body-removed', `the ${newSuccess.status} response no longer has a body`, 'response');
    return;
  }
  if (!oldContent || !newContent) return;
  if (/json/i.test(oldContent.mediaType) !== /json/i.test(newContent.mediaType)) {
    add(
      ctx,
      'breaking',
      'response-media-type-changed',
      `response changed from ${oldContent.mediaType} to ${newContent.mediaType}`,
      'response',
    );
    return;
  }
  compareSchema(ctx, oldContent.schema, newContent.schema, 'response', 'response', 'response body');
}

/** Lists what changed from `oldSpec` to `newSpec`, sorted breaking first, then by operation. */
export function diffSpecs(oldSpec: Json, newSpec: Json): SpecDiff {
  const out: SpecChange[] = [];
  const index = (spec: Json) => {
    const map = new Map<string, { path: string; method: string; op: Json; item: Json }>();
    for (const entry of eachOperation(spec)) map.set(routeKey(entry.method, entry.path), entry);
    return map;
  };
  const before = index(oldSpec);
  const after = index(newSpec);
  for (const [key, o] of before) {
    const n = after.get(key);
    const ctx: Ctx = {
      oldSpec,
      newSpec,
      operation: `${(n ?? o).method.toUpperCase()} ${(n ?? o).path}`,
      operationId: (n ?? o).op.operationId,
      out,
    };
    if (!n) {
      add(ctx, 'breaking', 'operation-removed', 'operation removed');
      continue;
    }
    if (o.op.operationId !== n.op.operationId)
      add(ctx, 'breaking', 'operation-id-changed', `operationId changed from \`${o.op.operationId}\` to \`${n.op.operationId}\``);
    if (o.op['x-invent-method'] && o.op['x-invent-method'] !== n.op['x-invent-method']) {
      add(
        ctx,
        'breaking',
        'sdk-method-changed',
        `SDK method \`${o.op['x-invent-method']}\` ${n.op['x-invent-method'] ? `renamed to \`${n.op['x-invent-method']}\`` : 'removed'}`,
      );
    }
    if (!o.op.deprecated && n.op.deprecated) add(ctx, 'change', 'operation-deprecated', 'operation deprecated');
    compareParameters(ctx, parametersOf(oldSpec, o.item, o.op), parametersOf(newSpec, n.item, n.op));
    compareRequestBody(ctx, o.op, n.op);
    compareResponses(ctx, o.op, n.op);
  }
  for (const [key, n] of after) {
    if (before.has(key)) continue;
    out.push({
      impact: 'addition',
      kind: 'operation-added',
      operation: `${n.method.toUpperCase()} ${n.path}`,
      operationId: n.op.operationId,
      message: 'new operation',
    });
  }
  const rank: Record<Impact, number> = { breaking: 0, addition: 1, change: 2 };
  // A field of a shared schema is reported once per operation that uses it; identical lines are merged.
  const seen = new Set<string>();
  const changes = out
    .filter((c) => {
      const id = JSON.stringify([c.operation, c.kind, c.location, c.message]);
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .sort(
      (a, b) =>
        rank[a.impact] - rank[b.impact] || a.operation.localeCompare(b.operation) || (a.location ?? '').localeCompare(b.location ?? ''),
    );
  const breaking = changes.filter((c) => c.impact === 'breaking').length;
  const additions = changes.filter((c) => c.impact === 'addition').length;
  const other = changes.length - breaking - additions;
  return {
    from: { title: oldSpec.info?.title, version: oldSpec.info?.version },
    to: { title: newSpec.info?.title, version: newSpec.info?.version },
    bump: breaking ? 'major' : additions ? 'minor' : other ? 'patch' : 'none',
    breaking,
    additions,
    other,
    changes,
  };
}

/** The report as Markdown (a pull request description). */
export function renderMarkdown(diff: SpecDiff): string {
  const lines = ['## Invent API contract changes', ''];
  lines.push(
    `Contract ${diff.from.version} → ${diff.to.version}. Suggested SDK version bump: **${diff.bump}** (${diff.breaking} breaking, ${diff.additions} additions, ${diff.other} other).`,
  );
  if (diff.changes.length === 0) {
    lines.push('', 'No changes that affect SDK users.');
    return `${lines.join('\n')}\n`;
  }
  const sections: Array<[Impact, string]> = [
    ['breaking', 'Breaking'],
    ['addition', 'Additions'],
    ['change', 'Other changes'],
  ];
  for (const [impact, title] of sections) {
    const list = diff.changes.filter((c) => c.impact === impact);
    if (!list.length) continue;
    lines.push('', `### ${title} (${list.length})`, '');
    for (const c of list) lines.push(`- \`${c.operation}\`${c.operationId ? ` (${c.operationId})` : ''}: ${c.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderJson(diff: SpecDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
