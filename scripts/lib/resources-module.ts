/**
 * Renders generated/resources.ts: the resource layer (`invent.contacts.list(...)`, ...), from the spec.
 *
 * Two parts:
 * - `resourceData`, the only runtime data: per operation (in contract order), the compact constraints checked before a
 *   request (path ids are checked by name from generated/operations.ts) and the few facts the generic
 *   caller needs (which keys are query or header parameters, a non-object body, a non-JSON response,
 *   a reserved slot). The namespace tree itself is `sdkMethod` (the config's names) in operations.ts, so
 *   the names are not shipped twice.
 * - The typed surface, erased at build time: one `...Params` type per method with parameters, one
 *   interface per namespace (`ContactsResource`, ...) with a JSDoc'd signature per method, the root
 *   `InventResources`, and `PaginatedItems` (path template -> item type) for `invent.paginate`.
 *
 * A rule's format, and the tables' encoders and decoders: src/contract/.
 */
import { encodeResourceData, expandResourceData } from '../../src/contract/resource-table.js';
import { encodeRule, type Rule } from '../../src/contract/rules.js';
import type { ResourceData } from '../../src/contract/types.js';
import { collectOperations, type Spec as OperationsSpec, type SpecOperation } from './operations-module.js';
import { CLIENT_MEMBERS, METHODS, makeDeref, OBJECT_MEMBERS } from './sdk-config.js';
import { eachOperation } from './spec-source.js';

type Json = Record<string, any>;
type Spec = OperationsSpec & Json;

const RESERVED_WORDS = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);
/** Integer ranges at most this wide become literal unions in the types (`take: 1 | ... | 100`). */
const MAX_LITERAL_RANGE = 256;

interface MethodInfo {
  /** The operation's key, `METHOD /path/template` (the config's spelling). */
  id: string;
  /** The operation's types: `paths['/path']['get']` in generated/schema.d.ts. */
  typeRef: string;
  /** The same, as an indexed access: `paths['/path']['get']`. */
  opRef: string;
  name: string;
  parts: string[];
  method: string;
  path: string;
  op: SpecOperation & Json;
  pathParams: Array<{ name: string; arg: string; type: string; description?: string }>;
  query: Rule[];
  header: Rule[];
  body: Rule[];
  /** Sets of body fields of which at least one must be given in full (from anyOf/oneOf of required lists). */
  bodyOneOf?: string[][];
  bodyMedia?: string;
  bodyRequired: boolean;
  bodyNeedsFields: boolean;
  whole: boolean;
  success: { status: string; media?: string };
  reserved?: string;
  paginated: boolean;
}

const camel = (s: string) => s.replace(/[-_.\s]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, '');
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());
const typeName = (parts: string[], suffix: string) => parts.map(pascal).join('') + suffix;

/** The JSON Schema facts the runtime checks, from one parameter or property schema. */
function ruleOf(name: string, required: boolean, raw: Json | undefined, deref: (n: unknown) => Json): Rule {
  if (/[?:]/.test(name)) throw new Error(`parameter name ${JSON.stringify(name)} contains ? or :, which the rule format cannot carry`);
  const schema = raw ? deref(raw) : {};
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { name, required, types: [] };
  let types: string[] = Array.isArray(schema.type) ? [...schema.type] : schema.type ? [schema.type] : [];
  if (schema.nullable === true && types.length) types.push('null');
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  if (!types.length && values)
    types = [...new Set(values.map((v: unknown) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v)))] as string[];
  rule.types = types.length && !schema.anyOf && !schema.oneOf && !schema.allOf ? types : ['any'];
  if (values) rule.enum = values;
  const kinds = new Set(rule.types.filter((t) => t !== 'null'));
  const numeric = [...kinds].every((t) => t === 'integer' || t === 'number');
  const lo = numeric
    ? schema.minimum
    : kinds.has('string') && kinds.size === 1
      ? schema.minLength
      : kinds.has('array') && kinds.size === 1
        ? schema.minItems
        : undefined;
  const hi = numeric
    ? schema.maximum
    : kinds.has('string') && kinds.size === 1
      ? schema.maxLength
      : kinds.has('array') && kinds.size === 1
        ? schema.maxItems
        : undefined;
  if (kinds.size && typeof lo === 'number') rule.lo = lo;
  if (kinds.size && typeof hi === 'number') rule.hi = hi;
  return rule;
}

/** Top-level properties of a body schema (following `allOf`), and whether it is an object at all. */
function bodyShape(
  schema: Json,
  deref: (n: unknown) => Json,
): { object: boolean; properties: Record<string, Json>; required: string[]; needsFields: boolean; oneOf?: string[][] } {
  const s = deref(schema ?? {});
  const members = [s, ...(s.allOf ?? []).map(deref)];
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (const m of members) {
    Object.assign(properties, m.properties ?? {});
    required.push(...(m.required ?? []));
  }
  const object = members.some((m) => m.type === 'object' || m.properties) || (!s.type && !s.items && !s.oneOf && !s.anyOf);
  // `anyOf`/`oneOf` alternatives that each require fields: at least one of those sets must be given.
  const alternatives = members
    .map((m) => [...(m.anyOf ?? []), ...(m.oneOf ?? [])].map(deref))
    .find((a) => a.length && a.every((x) => x.required?.length));
  const oneOf = alternatives?.map((a) => a.required as string[]);
  return { object, properties, required: [...new Set(required)], needsFields: required.length > 0 || Boolean(oneOf), oneOf };
}

function collect(spec: Spec): MethodInfo[] {
  const deref = makeDeref(spec);
  const methods: MethodInfo[] = [];
  for (const { path, method, op: rawOp, params } of eachOperation(spec, METHODS)) {
    const op = rawOp as SpecOperation & Json;
    const id = op['x-invent-key'] ?? `${method.toUpperCase()} ${path}`;
    const name = op['x-invent-method'];
    if (!name) throw new Error(`${id} has no resource-method name (lay the SDK config over the contract first)`);
    const full = params.map((p) => deref<Json>(p));
    const pathParams = [...path.matchAll(/\{([^}]+)\}/g)]
      .map((m) => m[1]!)
      .filter((n) => n !== 'org_id')
      .map((n) => {
        const p = full.find((q) => q.in === 'path' && q.name === n);
        let arg = camel(n);
        if (RESERVED_WORDS.has(arg) || arg === 'params' || arg === 'options') arg += 'Id';
        const type = ruleOf(n, true, p?.schema, deref).types.includes('integer') ? 'string | number' : 'string';
        return { name: n, arg, type, description: p?.description as string | undefined };
      });
    const query = full.filter((p) => p.in === 'query').map((p) => ruleOf(p.name, Boolean(p.required), p.schema, deref));
    const header = full.filter((p) => p.in === 'header').map((p) => ruleOf(p.name, Boolean(p.required), p.schema, deref));
    const requestBody = op.requestBody ? deref<Json>(op.requestBody) : undefined;
    const [bodyMedia, media] = requestBody?.content ? (Object.entries(requestBody.content)[0] as [string, Json]) : [undefined, undefined];
    let body: Rule[] = [];
    let whole = false;
    let bodyNeedsFields = false;
    let bodyOneOf: string[][] | undefined;
    if (bodyMedia) {
      const shape = bodyShape(media?.schema ?? {}, deref);
      const taken = new Set([...query, ...header].map((r) => r.name));
      whole = !shape.object || Object.keys(shape.properties).some((k) => taken.has(k)) || taken.has('body');
      bodyNeedsFields = shape.needsFields;
      if (!whole) bodyOneOf = shape.oneOf;
      if (!whole)
        body = Object.keys(shape.properties)
          .sort()
          .map((k) => ruleOf(k, shape.required.includes(k), shape.properties[k], deref));
    }
    const responses = Object.entries((op as Json).responses ?? {}) as Array<[string, Json]>;
    const [status, response] = responses.find(([code]) => /^[123]/.test(code)) ?? ['default', {}];
    const content = deref<Json>(response).content as Json | undefined;
    const success = { status, media: content ? Object.keys(content)[0] : undefined };
    const paginated = Boolean(op['x-invent-pagination']);
    if (paginated && (method !== 'get' || !success.media?.includes('json')))
      throw new Error(`${id}: a paginated operation must be a GET answering JSON`);
    methods.push({
      id,
      typeRef: `${JSON.stringify(path)}, '${method}'`,
      opRef: `paths[${JSON.stringify(path)}]['${method}']`,
      name,
      parts: name.split('.'),
      method,
      path,
      op,
      pathParams,
      query,
      header,
      body,
      bodyOneOf,
      bodyMedia,
      bodyRequired: Boolean(requestBody?.required),
      bodyNeedsFields,
      whole,
      success,
      reserved: status === '101' ? 'websocket' : undefined,
      paginated,
    });
  }
  return methods;
}

function checkNames(methods: MethodInfo[]): void {
  const leaves = new Set(methods.map((m) => m.name));
  const seen = new Set<string>();
  for (const m of methods) {
    if (seen.has(m.name)) throw new Error(`x-invent-method ${m.name} is used twice`);
    seen.add(m.name);
    if (!m.parts.every((p) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)))
      throw new Error(`x-invent-method ${m.name} is not a dotted list of identifiers`);
    if (m.parts.some((p) => OBJECT_MEMBERS.has(p))) throw new Error(`x-invent-method ${m.name} uses a name objects already have`);
    if (m.parts.length < 2) throw new Error(`x-invent-method ${m.name} needs a namespace (e.g. contacts.list)`);
    if (CLIENT_MEMBERS.has(m.parts[0]!)) throw new Error(`x-invent-method ${m.name} would shadow the client's ${m.parts[0]}`);
    for (let i = 1; i < m.parts.length; i++) {
      const prefix = m.parts.slice(0, i).join('.');
      if (leaves.has(prefix)) throw new Error(`${prefix} is both a method and the namespace of ${m.name}`);
    }
  }
}

const doc = (text: string) => text.replace(/\*\//g, '*\\/').trim();

/** The name of the literal union of the integers \`lo..hi\`, written out once in generated/resources.ts. */
const integerRangeName = (lo: number, hi: number) =>
  `Integer${lo < 0 ? 'Minus' : ''}${Math.abs(lo)}To${hi < 0 ? 'Minus' : ''}${Math.abs(hi)}`;

/** The literal unions the params types name: \`export type Integer1To100 = 1 | 2 | ... | 100;\`. */
function integerRanges(methods: MethodInfo[]): string {
  const ranges = new Map<string, string>();
  for (const m of methods)
    for (const r of boundedIntegers(m)) {
      const values = Array.from({ length: r.hi! - r.lo! + 1 }, (_, i) => r.lo! + i);
      ranges.set(
        integerRangeName(r.lo!, r.hi!),
        `/** An integer from ${r.lo} to ${r.hi}. */\nexport type ${integerRangeName(r.lo!, r.hi!)} = ${values.join(' | ')};`,
      );
    }
  return [...ranges.values()].join('\n\n');
}

/** The integer fields with a narrow range, typed as literal unions (so \`take: 101\` is a compile error). */
function boundedIntegers(m: MethodInfo): Rule[] {
  return [...m.query, ...m.header, ...m.body].filter(
    (r) =>
      r.types.length === 1 &&
      r.types[0] === 'integer' &&
      !r.enum &&
      r.lo !== undefined &&
      r.hi !== undefined &&
      r.hi - r.lo <= MAX_LITERAL_RANGE,
  );
}

function paramsType(m: MethodInfo): string | undefined {
  const parts: string[] = [];
  // Plain indexed access into the schema, names computed here: no generic lookup for the checker to instantiate.
  if (m.query.length) parts.push(`NonNullable<${m.opRef}['parameters']['query']>`);
  if (m.header.length) parts.push(`NonNullable<${m.opRef}['parameters']['header']>`);
  if (m.bodyMedia) {
    let body = `NonNullable<${m.opRef}['requestBody']>['content'][${JSON.stringify(m.bodyMedia)}]`;
    if (m.bodyMedia === 'multipart/form-data') body = `Multipart<${body}>`;
    if (m.whole) parts.push(`{ body${m.bodyRequired ? '' : '?'}: ${body} }`);
    else parts.push(!m.bodyRequired && m.bodyNeedsFields ? `Partial<${body}>` : body);
  }
  if (!parts.length) return undefined;
  let type = parts.join(' & ');
  const bounded = boundedIntegers(m);
  if (bounded.length) {
    const fields = bounded.map(
      (r) =>
        `\n  /** An integer from ${r.lo} to ${r.hi}. */\n  ${JSON.stringify(r.name)}${r.required ? '' : '?'}: ${integerRangeName(r.lo!, r.hi!)};`,
    );
    // \`number & (1 | ... | 100)\` is the literal union: an intersection narrows the field with no Omit to compute.
    type = `${type} & {${fields.join('')}\n}`;
  }
  return type;
}

function paramsRequired(m: MethodInfo): boolean {
  return [...m.query, ...m.header, ...m.body].some((r) => r.required) || (m.bodyRequired && (m.whole || m.bodyNeedsFields));
}

function resultType(m: MethodInfo): string {
  const { status, media } = m.success;
  if (!media) return 'void';
  const base = `${m.opRef}['responses'][${/^\d+$/.test(status) ? status : JSON.stringify(status)}]['content'][${JSON.stringify(media)}]`;
  if (m.paginated) return `${base}[number]`;
  if (media.includes('json')) return base;
  return media.startsWith('text/') ? 'string' : 'Blob';
}

function methodSignature(m: MethodInfo, paramsName: string | undefined): string {
  const lines: string[] = [];
  const summary = doc(m.op.summary ?? m.name);
  const description = m.op.description ? doc(m.op.description) : '';
  const optional = !paramsRequired(m);
  const jsdoc = [summary];
  if (description && description !== summary) jsdoc.push('', ...description.split('\n'));
  jsdoc.push(
    '',
    `\`${m.method.toUpperCase()} ${m.path}\`${m.op.operationId ? ` (operationId \`${m.op.operationId}\`)` : ''}.${m.paginated ? ' Paginated: `await` it for one page, `for await` over it for every item.' : ''}`,
  );
  for (const p of m.pathParams) jsdoc.push(`@param ${p.arg} ${p.description ? doc(p.description).split('\n')[0] : `\`${p.name}\``}`);
  if (paramsName) {
    const names = (rules: Rule[]) => rules.map((r) => `\`${r.name}\``).join(', ');
    const keyed = m.query.length + m.header.length > 0;
    const where = [
      m.query.length ? `query parameters ${names(m.query)}` : '',
      m.header.length ? `header parameters ${names(m.header)}` : '',
      m.bodyMedia
        ? m.whole
          ? `the request body under \`body\` (${m.bodyMedia})`
          : keyed
            ? `every other key is a body field (${m.bodyMedia})`
            : `the body fields (${m.bodyMedia})`
        : '',
    ].filter(Boolean);
    jsdoc.push(`@param params ${where.join('; ').replace(/^./, (c) => c.toUpperCase())}.`);
  }
  jsdoc.push(
    `@param options Per-call options: \`orgId\` (another organization), \`signal\`, \`headers\`, \`maxRetries\`, \`timeout\`${m.paginated ? ', and for iteration `concurrency`, `maxPages`' : ''}.`,
  );
  lines.push('  /**', ...jsdoc.map((l) => (l ? `   * ${l}` : '   *')), '   */');
  const args = m.pathParams.map((p) => `${p.arg}: ${p.type}`);
  if (paramsName) args.push(`params${optional ? '?' : ''}: ${paramsName}`);
  args.push(`options?: ${m.paginated ? 'ListOptions' : 'RequestOptions'}`);
  const result = resultType(m);
  lines.push(
    `  ${m.parts[m.parts.length - 1]}(${args.join(', ')}): ${m.paginated ? `ListPromise<${result}>` : `InventPromise<${result}>`};`,
  );
  return lines.join('\n');
}

interface Node {
  parts: string[];
  methods: MethodInfo[];
  children: Map<string, Node>;
}

/** The runtime rules of each operation that has any, by operationId, as generated/resources.ts expands them. */
function resourceDataOf(methods: MethodInfo[]): Record<string, ResourceData> {
  const out: Record<string, ResourceData> = {};
  for (const m of methods) {
    const entry: { -readonly [K in keyof ResourceData]: ResourceData[K] } = {};
    if (m.reserved) entry.reserved = m.reserved;
    if (m.query.length) entry.q = m.query.map(encodeRule);
    if (m.header.length) entry.h = m.header.map(encodeRule);
    if (m.body.length) entry.b = m.body.map(encodeRule);
    if (m.bodyOneOf) entry.oneOf = m.bodyOneOf;
    if (m.whole) entry.whole = m.bodyRequired ? 'required' : 'optional';
    if (m.success.media && !m.success.media.includes('json')) entry.parse = m.success.media.startsWith('text/') ? 'text' : 'blob';
    if (Object.keys(entry).length) out[m.id] = entry;
  }
  return out;
}

/** The rules of every operation of `spec` that has any, by operationId: what \`resourceData\` holds at run time. */
export function buildResourceData(spec: Spec): Record<string, ResourceData> {
  return resourceDataOf(collect(spec));
}

/** JSON with object keys sorted, to compare two values whatever their key order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** A string literal for generated code, one source line per table line; tabs are kept as they are. */
function literal(text: string): string {
  return text
    .split('\n')
    .map((line, i, all) => JSON.stringify(line + (i < all.length - 1 ? '\n' : '')).replace(/(?<!\\)((?:\\\\)*)\\t/g, '$1\t'))
    .join(' +\n  ');
}

/** Whether a typed call of the operation must pass `init` (`invent.GET(path, init)`), as src/client/typed-call.ts types it. */
function initRequired(m: MethodInfo): boolean {
  return m.pathParams.length > 0 || [...m.query, ...m.header].some((r) => r.required) || m.bodyRequired;
}

/** One line per HTTP method: the union of the path templates that have it (`never` for none). */
function pathsByMethod(methods: MethodInfo[]): string {
  return ['get', 'put', 'post', 'delete', 'patch']
    .map((verb) => {
      const paths = [...new Set(methods.filter((m) => m.method === verb).map((m) => JSON.stringify(m.path)))].sort();
      return `  ${verb}:${paths.length ? paths.map((p) => `\n    | ${p}`).join('') : ' never'};`;
    })
    .join('\n');
}

export function buildResourcesModule(spec: Spec): string {
  const inSpecOrder = collect(spec);
  const methods = [...inSpecOrder].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  checkNames(methods);
  const tagDescriptions = new Map<string, string>(((spec.tags ?? []) as Json[]).map((t) => [t.name, t.description ?? '']));

  // Runtime data: the rule table, one line per operation in operations.ts order (path, then method).
  const data = resourceDataOf(inSpecOrder);
  const { operations } = collectOperations(spec);
  const table = encodeResourceData(
    inSpecOrder.map((m) => data[m.id]),
    Object.values(operations),
    inSpecOrder.map((m) => m.id),
  );
  const expanded = expandResourceData(table, Object.values(operations));
  const byId = Object.fromEntries(Object.keys(operations).flatMap((id, i) => (expanded[i] ? [[id, expanded[i]]] : [])));
  if (stable(byId) !== stable(data)) throw new Error('the rule table does not expand to the rules it was written from');

  // The namespace tree, for the types.
  const root: Node = { parts: [], methods: [], children: new Map() };
  for (const m of methods) {
    let node = root;
    for (const part of m.parts.slice(0, -1)) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { parts: [...node.parts, part], methods: [], children: new Map() }));
      node = child;
    }
    node.methods.push(m);
  }
  const typeNames = new Set<string>();
  const unique = (name: string) => {
    if (typeNames.has(name)) throw new Error(`two generated types would be named ${name}`);
    typeNames.add(name);
    return name;
  };
  const paramTypes: string[] = [];
  const interfaces: string[] = [];
  const render = (node: Node, name: string, description: string) => {
    const body: string[] = [];
    for (const [key, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const childName = unique(typeName(child.parts, 'Resource'));
      let childDescription: string;
      if (node === root) {
        const tags = [...new Set(child.methods.map((m) => m.op.tags?.[0]).filter(Boolean))] as string[];
        childDescription = tags.map((t) => tagDescriptions.get(t) || t).join(' ');
      } else {
        const members = [
          ...child.methods.filter((m) => !m.reserved).map((m) => `\`${m.parts[m.parts.length - 1]}\``),
          ...[...child.children.keys()].map((k) => `\`${k}.*\``),
        ];
        childDescription = `\`${child.parts.join('.')}\`: ${members.join(', ')}.`;
      }
      body.push(`  /** ${doc(childDescription || `The ${child.parts.join('.')} methods.`)} */`, `  readonly ${key}: ${childName};`);
      render(child, childName, childDescription || `The \`${child.parts.join('.')}\` methods.`);
    }
    for (const m of node.methods) {
      if (m.reserved) {
        body.push(
          `  // ${m.parts[m.parts.length - 1]}: reserved for a hand-written ${m.reserved} client (\`${m.method.toUpperCase()} ${m.path}\`), merged in by attachResources().`,
        );
        continue;
      }
      const type = paramsType(m);
      let paramsName: string | undefined;
      if (type) {
        paramsName = unique(typeName(m.parts, 'Params'));
        paramTypes.push(
          `/** Parameters of \`${m.name}\` (\`${m.method.toUpperCase()} ${m.path}\`). */\nexport type ${paramsName} = ${type};`,
        );
      }
      body.push(methodSignature(m, paramsName));
    }
    interfaces.push(`${description ? `/** ${doc(description)} */\n` : ''}export interface ${name} {\n${body.join('\n')}\n}`);
  };
  render(root, 'InventResources', 'Every REST operation of the Invent API as a method, one namespace per resource family.');

  const paginated = methods.filter((m) => m.paginated).sort((a, b) => (a.path < b.path ? -1 : 1));
  const rest = methods.filter((m) => !m.reserved).length;
  return `
/**
 * The resource layer: \`invent.contacts.list(...)\`, \`invent.broadcasts.templates.list(broadcastId)\`, ...
 * ${rest} REST methods and ${methods.length - rest} reserved slot(s), named by invent.config.ts. See docs/resources.md.
 */
import type { InventPromise, ListOptions, ListPromise, Multipart, RequestOptions, ResourceData } from '../src/contract/declarations.js';
import { expandResourceData } from '../src/contract/resource-table.js';
import type { paths } from './schema.js';
import { operationList } from './operations.js';

/**
 * Per operation, in the order of \`operationList\` (undefined for an operation without any): the rules checked before a request
 * (\`q\` query, \`h\` header, \`b\` top-level body fields, in the format of src/contract/rules.ts;
 * \`oneOf\`: sets of body fields of which one must be given in full), \`whole\` when the body is passed
 * whole under \`params.body\`, \`parse\` for a non-JSON response, and \`reserved\` for a slot left to a
 * hand-written method. Stored as a compact table (format in src/contract/resource-table.ts) and
 * expanded when this module loads.
 */
export const resourceData: ReadonlyArray<ResourceData | undefined> = /* @__PURE__ */ expandResourceData(
  ${literal(table)},
  operationList,
);

/** The item type of every paginated GET, by path template (for \`invent.paginate\`). */
export interface PaginatedItems {
${paginated.map((m) => `  /** An item of \`${m.name}\` (\`GET ${m.path}\`). */\n  ${JSON.stringify(m.path)}: ${resultType(m)};`).join('\n')}
}

/** The path templates \`invent.paginate\` accepts: every paginated GET. */
export type PaginatedPath = keyof PaginatedItems;

/**
 * The path templates of the contract by HTTP method, written out: what \`invent.GET(path)\` and the other
 * typed calls accept, with no mapped type over \`paths\` for the checker to compute.
 */
export interface PathsByMethod {
${pathsByMethod(inSpecOrder)}
}

/** Of those, the paths whose typed call needs no \`init\`: no id but \`org_id\`, no required parameter or body. */
export interface PathsWithoutInit {
${pathsByMethod(inSpecOrder.filter((m) => !initRequired(m)))}
}

${integerRanges(methods)}

${paramTypes.join('\n\n')}

${interfaces.reverse().join('\n\n')}
`;
}
