/**
 * Compares two JSON Schemas as SDK users see them: `$ref`s followed (a renamed or inlined schema is no
 * change), `allOf` merged, `nullable: true`, `type: [t, 'null']` and `anyOf: [t, {type: 'null'}]` read
 * as the same thing, recursive schemas compared once. A request schema may widen freely and a response
 * schema may narrow freely; the other direction is what breaks clients.
 */
import type { Severity } from './spec-diff-model.js';
import { resolvePointer, type Json } from './spec-source.js';

export type Side = 'request' | 'response';

/** What a change is reported against: the contract each side lives in, and a sink for changes. */
export interface SchemaContext {
  oldSpec: Json;
  newSpec: Json;
  report(id: string, severity: Severity, message: string, location?: string): void;
}

/** A schema reduced to what matters for comparison. */
interface View {
  /** Types without `null`; undefined: any type. `integer` is kept apart from `number`. */
  types?: Set<string>;
  nullable: boolean;
  /** Allowed values (from `enum` or `const`), without `null`. */
  values?: unknown[];
  properties: Record<string, unknown>;
  hasProperties: boolean;
  required: Set<string>;
  items?: unknown;
  /** `true` (anything), `false` (closed) or a schema. */
  additional: unknown;
  oneOf?: unknown[];
  anyOf?: unknown[];
  discriminator?: Json;
  raw: Json;
}

const MAX_DEPTH = 24;

/** Follows `$ref` chains; keys beside a `$ref` (3.1) override the target's. */
function deref(spec: Json, node: unknown, seen = new Set<string>()): Json | undefined {
  if (typeof node !== 'object' || node === null) return typeof node === 'boolean' ? (node ? {} : { not: {} }) : undefined;
  const schema = node as Json;
  if (typeof schema.$ref !== 'string') return schema;
  if (seen.has(schema.$ref)) return undefined;
  seen.add(schema.$ref);
  const target = deref(spec, resolvePointer(spec, schema.$ref), seen);
  const { $ref: _ref, description: _d, summary: _s, ...siblings } = schema;
  return target ? (Object.keys(siblings).length ? { ...target, ...siblings } : target) : undefined;
}

const isNullSchema = (s: Json | undefined) =>
  s !== undefined && (s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null') || s.const === null);

function view(spec: Json, node: unknown, depth = 0): View | undefined {
  const schema = deref(spec, node);
  if (!schema) return undefined;
  const v: View = {
    nullable: schema.nullable === true,
    properties: {},
    hasProperties: false,
    required: new Set(),
    additional: true,
    raw: schema,
  };
  const addTypes = (type: unknown) => {
    if (type === undefined) return;
    const list = ([] as unknown[]).concat(type).filter((t): t is string => typeof t === 'string');
    if (list.includes('null')) v.nullable = true;
    const rest = list.filter((t) => t !== 'null');
    if (rest.length) v.types = v.types ? new Set(rest.filter((t) => v.types!.has(t))) : new Set(rest);
  };
  const merge = (s: Json) => {
    addTypes(s.type);
    if (s.properties && typeof s.properties === 'object') {
      v.hasProperties = true;
      Object.assign(v.properties, s.properties);
    }
    for (const name of Array.isArray(s.required) ? s.required : []) v.required.add(name);
    if (s.items !== undefined && v.items === undefined) v.items = s.items;
    if (s.additionalProperties !== undefined) v.additional = s.additionalProperties;
    if (s.discriminator && !v.discriminator) v.discriminator = s.discriminator;
    const values = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
    if (values) {
      if (values.includes(null)) v.nullable = true;
      v.values = values.filter((x: unknown) => x !== null);
    }
  };
  merge(schema);
  if (Array.isArray(schema.allOf) && depth < MAX_DEPTH) {
    for (const member of schema.allOf) {
      const m = view(spec, member, depth + 1);
      if (!m) continue;
      if (m.types) v.types = v.types ? new Set([...m.types].filter((t) => v.types!.has(t))) : new Set(m.types);
      if (m.hasProperties) v.hasProperties = true;
      for (const [k, p] of Object.entries(m.properties)) if (!(k in v.properties)) v.properties[k] = p;
      for (const r of m.required) v.required.add(r);
      v.items ??= m.items;
      if (m.additional !== true && v.additional === true) v.additional = m.additional;
      v.values ??= m.values;
      v.discriminator ??= m.discriminator;
      v.oneOf ??= m.oneOf;
      v.anyOf ??= m.anyOf;
      for (const key of [...CONSTRAINTS.map((c) => c.key), 'multipleOf', 'uniqueItems'])
        if (v.raw[key] === undefined && m.raw[key] !== undefined) v.raw = { ...v.raw, [key]: m.raw[key] };
      if (v.raw.pattern === undefined && m.raw.pattern !== undefined) v.raw = { ...v.raw, pattern: m.raw.pattern };
      if (v.raw.format === undefined && m.raw.format !== undefined) v.raw = { ...v.raw, format: m.raw.format };
    }
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(schema[key])) continue;
    const members = schema[key].filter((m: unknown) => !isNullSchema(deref(spec, m)));
    if (members.length < schema[key].length) v.nullable = true;
    // `anyOf: [X, {type: 'null'}]` is X, nullable: the 3.1 spelling of 3.0's `allOf: [X], nullable: true`.
    if (members.length === 1 && members.length < schema[key].length && depth < MAX_DEPTH) {
      const only = view(spec, members[0], depth + 1);
      if (only) {
        const outerNullable = v.nullable;
        Object.assign(v, { ...only, nullable: outerNullable || only.nullable, raw: { ...only.raw, ...withoutComposition(v.raw) } });
      }
    } else if (members.length > 1 && members.every((m: unknown) => isTypeOnly(deref(spec, m)))) {
      // `anyOf: [{type: string}, {type: integer}]` is `type: [string, integer]`.
      addTypes(members.flatMap((m: unknown) => deref(spec, m)!.type));
    } else if (members.length >= 1) v[key] = members;
  }
  if (!v.types && v.hasProperties) v.types = new Set(['object']);
  if (!v.types && v.values?.length)
    v.types = new Set(v.values.map((x) => (typeof x === 'number' ? (Number.isInteger(x) ? 'integer' : 'number') : typeof x)));
  return v;
}

/** A schema that says nothing but its type(s) (a description or title aside). */
function isTypeOnly(s: Json | undefined): boolean {
  return s !== undefined && s.type !== undefined && Object.keys(s).every((k) => k === 'type' || k === 'description' || k === 'title');
}

function withoutComposition(raw: Json): Json {
  const { oneOf: _o, anyOf: _a, allOf: _l, type: _t, nullable: _n, ...rest } = raw;
  return rest;
}

/** `integer` is a `number`: widening integer -> number accepts more. */
function covers(wide: Set<string>, narrow: Set<string>): boolean {
  return [...narrow].every((t) => wide.has(t) || (t === 'integer' && wide.has('number')));
}

const show = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
const typeText = (v: View) => `${v.types ? [...v.types].sort().join('|') : 'any'}${v.nullable ? '|null' : ''}`;

/** Bounds: for `max`-kind a smaller value narrows; for `min`-kind a larger one does. */
const CONSTRAINTS = [
  { key: 'maximum', rule: 'max', kind: 'max' },
  { key: 'exclusiveMaximum', rule: 'exclusive-max', kind: 'max' },
  { key: 'minimum', rule: 'min', kind: 'min' },
  { key: 'exclusiveMinimum', rule: 'exclusive-min', kind: 'min' },
  { key: 'maxLength', rule: 'max-length', kind: 'max' },
  { key: 'minLength', rule: 'min-length', kind: 'min' },
  { key: 'maxItems', rule: 'max-items', kind: 'max' },
  { key: 'minItems', rule: 'min-items', kind: 'min' },
  { key: 'maxProperties', rule: 'max-properties', kind: 'max' },
  { key: 'minProperties', rule: 'min-properties', kind: 'min' },
] as const;

/** Narrowing breaks requests (the server now refuses what it took); widening breaks responses (clients get what they never saw). */
function directional(side: Side, narrows: boolean): Severity {
  if (side === 'request') return narrows ? 'breaking' : 'info';
  return narrows ? 'info' : 'warning';
}

/** A structural fingerprint of a schema (refs followed, depth-limited): equal fingerprints mean the same schema. */
function fingerprint(spec: Json, node: unknown, depth = 0): string {
  if (depth > 6) return '…';
  const s = deref(spec, node);
  if (!s) return 'null';
  const entries = Object.keys(s)
    .filter((k) => !['description', 'title', 'example', 'examples', 'summary', '$comment'].includes(k) && !k.startsWith('x-'))
    .sort()
    .map((k) => {
      const value = s[k];
      if (k === 'properties' || k === 'patternProperties')
        return `${k}:{${Object.keys(value)
          .sort()
          .map((p) => `${p}:${fingerprint(spec, value[p], depth + 1)}`)
          .join(',')}}`;
      if (['items', 'additionalProperties', 'not'].includes(k) && typeof value === 'object')
        return `${k}:${fingerprint(spec, value, depth + 1)}`;
      if (['allOf', 'anyOf', 'oneOf'].includes(k) && Array.isArray(value))
        return `${k}:[${value.map((m) => fingerprint(spec, m, depth + 1)).join(',')}]`;
      return `${k}:${JSON.stringify(value)}`;
    });
  return `{${entries.join(',')}}`;
}

/**
 * Compares `oldNode` with `newNode` and reports each difference. `prefix` names the root for rule ids
 * (`request-parameter`, `request-body`, `response-body`); nested fields use `request-property` /
 * `response-property`. `where` is the location prefix (`query.status`, `body`, `response 200`).
 */
export function compareSchemas(
  ctx: SchemaContext,
  oldNode: unknown,
  newNode: unknown,
  side: Side,
  prefix: string,
  where: string,
  field = '',
  stack: Array<[object, object]> = [],
): void {
  if (stack.length > MAX_DEPTH) return;
  const a = view(ctx.oldSpec, oldNode);
  const b = view(ctx.newSpec, newNode);
  if (!a || !b) return;
  // A recursive schema (a tree node whose children are tree nodes) is compared once per pair.
  if (stack.some(([x, y]) => x === a.raw && y === b.raw)) return;
  stack = [...stack, [a.raw, b.raw]];
  const location = field ? `${where}: ${field}` : where;
  const what = field ? `\`${field}\`` : rootName(where);
  const report = (rule: string, severity: Severity, message: string) => ctx.report(`${prefix}-${rule}`, severity, message, location);

  // A response that may now be null breaks typed code (the generated type gains `| null`).
  const reportNull = () => {
    const severity: Severity = side === 'request' ? (b.nullable ? 'info' : 'breaking') : b.nullable ? 'breaking' : 'info';
    report(
      b.nullable ? 'became-nullable' : 'became-not-nullable',
      severity,
      `${what} ${b.nullable ? 'may now be null' : 'can no longer be null'}`,
    );
  };

  // A union on one side only (`X` -> `anyOf: [X, Y]`): compare the alternatives, the plain side as one.
  const aUnion = a.oneOf ? 'oneOf' : a.anyOf ? 'anyOf' : undefined;
  const bUnion = b.oneOf ? 'oneOf' : b.anyOf ? 'anyOf' : undefined;
  if (!aUnion !== !bUnion) {
    const key = (aUnion ?? bUnion)!;
    compareMembers(ctx, a[key] ?? [a.raw], b[key] ?? [b.raw], side, key, report, what, { where, field, stack });
    if (a.nullable !== b.nullable) reportNull();
    return;
  }

  // Types.
  if (a.types && b.types && !(covers(a.types, b.types) && covers(b.types, a.types))) {
    const widened = covers(b.types, a.types);
    const narrowed = covers(a.types, b.types);
    const onlyNumeric = [...a.types, ...b.types].every((t) => t === 'integer' || t === 'number');
    const tsNote = onlyNumeric ? ' (the generated TypeScript type is `number` either way)' : '';
    const text = `${what} type changed from \`${typeText(a)}\` to \`${typeText(b)}\``;
    if (side === 'request' && widened) report('type-generalized', 'info', `${text}: the server accepts more${tsNote}`);
    else if (side === 'response' && narrowed) report('type-narrowed', 'info', `${text}: the server returns a subset${tsNote}`);
    else if (side === 'response' && onlyNumeric) report('type-changed', 'warning', `${text}: values may now have decimals${tsNote}`);
    else {
      report('type-changed', 'breaking', `${text}${onlyNumeric ? `: decimals are now refused${tsNote}` : ''}`);
      if (!onlyNumeric) return;
    }
  } else if (!a.types !== !b.types) {
    const text = `${what} type changed from \`${typeText(a)}\` to \`${typeText(b)}\``;
    const narrows = Boolean(b.types);
    report(narrows ? 'type-changed' : 'type-generalized', directional(side, narrows), text);
  }

  // Null.
  if (a.nullable !== b.nullable) reportNull();

  // Allowed values (enum, const).
  if (a.values && b.values) {
    const has = (list: unknown[], x: unknown) => list.some((y) => JSON.stringify(y) === JSON.stringify(x));
    for (const x of a.values.filter((x) => !has(b.values!, x)))
      report('enum-value-removed', side === 'request' ? 'breaking' : 'info', `${what}: value ${show(x)} removed`);
    for (const x of b.values.filter((x) => !has(a.values!, x)))
      report(
        'enum-value-added',
        side === 'request' ? 'info' : 'breaking',
        side === 'request'
          ? `${what}: value ${show(x)} added`
          : `${what}: value ${show(x)} added (code that handles every value must handle it)`,
      );
  } else if (!a.values && b.values) {
    report('became-enum', directional(side, true), `${what} is now limited to ${b.values.map(show).join(', ')}`);
  } else if (a.values && !b.values) {
    report('enum-removed', directional(side, false), `${what} is no longer limited to ${a.values.map(show).join(', ')}`);
  }

  // Bounds.
  for (const { key, rule, kind } of CONSTRAINTS) {
    const x = a.raw[key];
    const y = b.raw[key];
    if (x === y || (typeof x !== 'number' && x !== undefined) || (typeof y !== 'number' && y !== undefined)) continue;
    const change = x === undefined ? 'set' : y === undefined ? 'removed' : y > x ? 'increased' : 'decreased';
    const narrows = change === 'set' || (kind === 'max' ? change === 'decreased' : change === 'increased');
    report(
      `${rule}-${change}`,
      directional(side, narrows),
      `${what}: ${key} ${x === undefined ? `set to ${y}` : y === undefined ? `${x} removed` : `${x} -> ${y}`}`,
    );
  }

  // multipleOf: a new step narrows unless it divides the old one; uniqueItems: true narrows.
  const [stepBefore, stepAfter] = [a.raw.multipleOf, b.raw.multipleOf];
  if (stepBefore !== stepAfter && (typeof stepBefore === 'number' || typeof stepAfter === 'number')) {
    const narrows = typeof stepAfter === 'number' && (typeof stepBefore !== 'number' || !Number.isInteger(stepBefore / stepAfter));
    const change = stepBefore === undefined ? 'set' : stepAfter === undefined ? 'removed' : 'changed';
    report(
      `multiple-of-${change}`,
      directional(side, narrows),
      `${what}: multipleOf ${stepBefore ?? '(none)'} -> ${stepAfter ?? '(none)'}`,
    );
  }
  if (Boolean(a.raw.uniqueItems) !== Boolean(b.raw.uniqueItems)) {
    const narrows = Boolean(b.raw.uniqueItems);
    report(
      narrows ? 'unique-items-set' : 'unique-items-removed',
      directional(side, narrows),
      `${what}: items ${narrows ? 'must now be unique' : 'may now repeat'}`,
    );
  }

  // Pattern and format. `format: binary` is 3.0's spelling of 3.1's `contentMediaType`: the same string either way.
  const formatOf = (v: View) => (v.raw.format === 'binary' ? undefined : v.raw.format);
  for (const key of ['pattern', 'format'] as const) {
    const x = key === 'format' ? formatOf(a) : a.raw[key];
    const y = key === 'format' ? formatOf(b) : b.raw[key];
    if (x === y) continue;
    const change = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
    const severity: Severity = change === 'changed' ? (side === 'request' ? 'breaking' : 'warning') : directional(side, change === 'added');
    report(
      `${key}-${change}`,
      key === 'format' && severity === 'breaking' ? 'warning' : severity,
      `${what}: ${key} ${x === undefined ? `${show(y)} added` : y === undefined ? `${show(x)} removed` : `${show(x)} -> ${show(y)}`}`,
    );
  }

  // Additional properties.
  const closed = (s: unknown) => s === false || (typeof s === 'object' && s !== null && 'not' in s && Object.keys(s).length === 1);
  const isSchema = (s: unknown) => typeof s === 'object' && s !== null && Object.keys(s).length > 0 && !closed(s);
  if (closed(a.additional) !== closed(b.additional)) {
    const narrows = closed(b.additional);
    report(
      narrows ? 'additional-properties-closed' : 'additional-properties-opened',
      directional(side, narrows),
      `${what} ${narrows ? 'no longer accepts' : 'now accepts'} properties it does not list`,
    );
  } else if (isSchema(a.additional) && isSchema(b.additional)) {
    compareSchemas(ctx, a.additional, b.additional, side, nested(side), where, `${field}{*}`, stack);
  }

  // Composition.
  for (const key of ['oneOf', 'anyOf'] as const) compareMembers(ctx, a[key], b[key], side, key, report, what, { where, field, stack });
  const ad = a.discriminator;
  const bd = b.discriminator;
  if (ad?.propertyName !== bd?.propertyName) {
    if (ad && bd)
      report('discriminator-property-name-changed', 'breaking', `${what}: discriminator \`${ad.propertyName}\` -> \`${bd.propertyName}\``);
    else
      report(
        bd ? 'discriminator-added' : 'discriminator-removed',
        'warning',
        `${what}: discriminator \`${(bd ?? ad)!.propertyName}\` ${bd ? 'added' : 'removed'}`,
      );
  } else if (ad && bd) {
    const am = Object.keys(ad.mapping ?? {});
    const bm = Object.keys(bd.mapping ?? {});
    for (const k of am.filter((k) => !bm.includes(k)))
      report('discriminator-mapping-removed', side === 'request' ? 'breaking' : 'info', `${what}: discriminator value \`${k}\` removed`);
    for (const k of bm.filter((k) => !am.includes(k)))
      report('discriminator-mapping-added', side === 'request' ? 'info' : 'warning', `${what}: discriminator value \`${k}\` added`);
  }

  // Array items.
  if (a.items !== undefined && b.items !== undefined) compareSchemas(ctx, a.items, b.items, side, nested(side), where, `${field}[]`, stack);

  // Properties (read-only ones are not sent, write-only ones never come back).
  if (!a.hasProperties && !b.hasProperties) return;
  const visible = (v: View, spec: Json) =>
    Object.keys(v.properties).filter((name) => {
      const p = deref(spec, v.properties[name]);
      return !(side === 'request' ? p?.readOnly === true : p?.writeOnly === true);
    });
  const oldNames = visible(a, ctx.oldSpec);
  const newNames = visible(b, ctx.newSpec);
  const child = (name: string) => (field ? `${field}.${name}` : name);
  const prop = nested(side);
  const at = (name: string) => `${where}: ${child(name)}`;
  for (const name of oldNames.filter((n) => !newNames.includes(n))) {
    const required = a.required.has(name);
    if (side === 'request') ctx.report('request-property-removed', 'warning', `request property \`${child(name)}\` removed`, at(name));
    else
      ctx.report(
        `response-${required ? 'required' : 'optional'}-property-removed`,
        'breaking',
        `response property \`${child(name)}\` removed`,
        at(name),
      );
  }
  for (const name of newNames.filter((n) => !oldNames.includes(n))) {
    const required = b.required.has(name);
    if (side === 'request')
      ctx.report(
        `new-${required ? 'required' : 'optional'}-request-property`,
        required ? 'breaking' : 'info',
        `new ${required ? 'required' : 'optional'} request property \`${child(name)}\``,
        at(name),
      );
    else
      ctx.report(
        `response-${required ? 'required' : 'optional'}-property-added`,
        'info',
        `new response property \`${child(name)}\``,
        at(name),
      );
  }
  for (const name of oldNames.filter((n) => newNames.includes(n))) {
    const was = a.required.has(name);
    const is = b.required.has(name);
    if (was !== is) {
      const narrows = side === 'request' ? is : !is;
      ctx.report(
        `${prop}-became-${is ? 'required' : 'optional'}`,
        narrows ? 'breaking' : 'info',
        `${side} property \`${child(name)}\` is now ${is ? 'required' : 'optional'}${side === 'response' && !is ? ' (may be absent)' : ''}`,
        at(name),
      );
    }
    compareSchemas(ctx, a.properties[name], b.properties[name], side, prop, where, child(name), stack);
  }
}

const nested = (side: Side) => `${side}-property`;

/** `query.status` -> query parameter `status`; `body` -> the request body; `response 200` -> the response 200 body. */
function rootName(where: string): string {
  const parameter = /^(path|query|header|cookie)\.(.+)$/.exec(where);
  if (parameter) return `${parameter[1]} parameter \`${parameter[2]}\``;
  return where.startsWith('body') ? `the request ${where}` : `the ${where} body`;
}

/**
 * oneOf/anyOf alternatives: identical ones are matched by structure, the rest pair up in order and are
 * compared as schemas; what is left over was added (widens) or removed (narrows).
 */
function compareMembers(
  ctx: SchemaContext,
  before: unknown[] | undefined,
  after: unknown[] | undefined,
  side: Side,
  key: 'oneOf' | 'anyOf',
  report: (rule: string, severity: Severity, message: string) => void,
  what: string,
  at: { where: string; field: string; stack: Array<[object, object]> },
): void {
  if (!before && !after) return;
  const rule = key === 'oneOf' ? 'one-of' : 'any-of';
  const oldPrints = (before ?? []).map((m) => fingerprint(ctx.oldSpec, m));
  const newPrints = (after ?? []).map((m) => fingerprint(ctx.newSpec, m));
  const oldLeft = (before ?? []).filter((_, i) => !newPrints.includes(oldPrints[i]!));
  const newLeft = (after ?? []).filter((_, i) => !oldPrints.includes(newPrints[i]!));
  const paired = Math.min(oldLeft.length, newLeft.length);
  for (let i = 0; i < paired; i++) compareSchemas(ctx, oldLeft[i], newLeft[i], side, nested(side), at.where, at.field, at.stack);
  const removed = oldLeft.length - paired;
  const added = newLeft.length - paired;
  if (removed) report(`${rule}-removed`, directional(side, true), `${what}: ${removed} ${key} alternative(s) removed`);
  if (added) report(`${rule}-added`, directional(side, false), `${what}: ${added} ${key} alternative(s) added`);
}
