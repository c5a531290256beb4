/**
 * The request-argument splitter: turns a resource call's arguments
 *
 *   (...ids in path-template order, params?, options?)
 *
 * into the init of a typed call (`{ params: { path, query, header }, body, ...options }`), checking
 * them on the way. `params` keys named like a query or header parameter of the operation go there;
 * every other key is a body field (or, when the operation has no body, an error). When the body is
 * not an object, or one of its fields shares a parameter's name, the body goes whole under
 * `params.body`. A multipart body is sent as FormData (Blob values as file parts, objects as JSON).
 */
import type { CallMeta } from '../contract/types.js';
import { InventValidationError } from '../errors.js';
import { unknownName } from '../nearest-name.js';
import { REQUEST_OPTION_KEYS, withoutIterationOptions } from '../call-options.js';
import { parseRule, type Rule } from '../contract/rules.js';
import { violation } from './check-rule.js';
import type { ResourceData } from '../contract/types.js';

/** One operation's rules, parsed once on first use. */
export interface CompiledOperation {
  readonly ids: readonly string[];
  readonly hasParams: boolean;
  readonly query: ReadonlyMap<string, Rule>;
  readonly header: ReadonlyMap<string, Rule>;
  readonly body: readonly Rule[];
  /** The body goes whole under `params.body`. */
  readonly whole: boolean;
  readonly oneOf: ResourceData['oneOf'];
}

export function compile(meta: CallMeta, data: ResourceData = {}): CompiledOperation {
  const rules = (list?: readonly string[]) => new Map((list ?? []).map((text) => [parseRule(text).name, parseRule(text)] as const));
  const query = rules(data.q);
  const header = rules(data.h);
  const body = [...rules(data.b).values()];
  if (data.whole) body.push({ name: 'body', required: data.whole === 'required', types: ['any'] });
  const ids = meta.pathParams.filter((p) => p !== 'org_id');
  return {
    ids,
    hasParams: Boolean(query.size || header.size || meta.body),
    query,
    header,
    body,
    whole: Boolean(data.whole),
    oneOf: data.oneOf,
  };
}

export interface SplitCall {
  /** The init for the typed call: params, body, parseAs and the caller's per-call options. */
  readonly init: Record<string, any>;
  /** The options argument, as given (empty when none). */
  readonly options: Record<string, any>;
}

function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  const append = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (value instanceof Blob) form.append(key, value);
    else form.append(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  };
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.some((v) => v instanceof Blob)) value.forEach((v) => append(key, v));
    else append(key, value);
  }
  return form;
}

export function splitArguments(
  name: string,
  meta: CallMeta,
  op: CompiledOperation,
  parse: string | undefined,
  args: readonly unknown[],
): SplitCall {
  const fail = (message: string): never => {
    throw new InventValidationError(`${name}: ${message}`);
  };
  const path: Record<string, unknown> = {};
  op.ids.forEach((id, i) => {
    const value = args[i];
    if (value === undefined || value === null || value === '') fail(`\`${id}\` (argument ${i + 1}) is required`);
    if (typeof value !== 'string' && typeof value !== 'number')
      fail(`\`${id}\` (argument ${i + 1}) must be a string, got ${Array.isArray(value) ? 'an array' : typeof value}`);
    path[id] = value;
  });
  const params = op.hasParams ? args[op.ids.length] : undefined;
  const options = (args[op.ids.length + (op.hasParams ? 1 : 0)] ?? {}) as Record<string, any>;
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    fail(`params (argument ${op.ids.length + 1}) must be an object, got ${Array.isArray(params) ? 'an array' : typeof params}`);
  }
  if (typeof options !== 'object' || Array.isArray(options)) fail(`options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) if (!REQUEST_OPTION_KEYS.includes(key)) fail(unknownName('option', key, REQUEST_OPTION_KEYS));

  const query: Record<string, unknown> = {};
  const header: Record<string, unknown> = {};
  let body: Record<string, unknown> | undefined;
  // A body that declares its fields takes those only; one that declares none is open (docs/resources.md).
  const bodyFields = op.body.map((rule) => rule.name);
  const closedBody = Boolean(meta.body) && !op.whole && bodyFields.length > 0;
  for (const [key, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (op.query.has(key)) query[key] = value;
    else if (op.header.has(key)) header[key] = value;
    else if (meta.body && (!op.whole || key === 'body') && (!closedBody || bodyFields.includes(key))) (body ??= {})[key] = value;
    else {
      const known = [...op.query.keys(), ...(op.whole ? ['body'] : bodyFields)];
      fail(`${unknownName('parameter', key, known)}; \`options.extra\` sends it anyway`);
    }
  }
  const check = (rules: Iterable<Rule>, values: Record<string, unknown>) => {
    for (const rule of rules) {
      const problem = violation(rule, values[rule.name]);
      if (problem) fail(problem);
    }
  };
  check(op.query.values(), query);
  check(op.header.values(), header);
  check(op.body, body ?? {});
  if (op.oneOf && !op.oneOf.some((set) => set.every((key) => body?.[key] !== undefined))) {
    fail(`give at least one of ${op.oneOf.map((set) => set.map((key) => `\`${key}\``).join(' and ')).join(', ')}`);
  }

  const { orgId, extra, ...rest } = withoutIterationOptions(options as Record<string, any>);
  if (extra !== undefined) {
    if (Object(extra) !== extra || Array.isArray(extra)) fail('options.extra must be an object');
    // Sent as given, unchecked: into an object body when the operation has one, else the query string.
    if (meta.body && !op.whole) body = { ...body, ...extra };
    else Object.assign(query, extra);
  }
  let payload: unknown = op.whole ? body?.body : body;
  if (payload === undefined && meta.body?.required) payload = {};
  if (payload !== undefined && meta.body?.mediaType === 'multipart/form-data' && !(payload instanceof FormData))
    payload = toFormData(payload as Record<string, unknown>);

  if (orgId !== undefined) {
    if (typeof orgId !== 'string' || !orgId) fail('options.orgId must be a non-empty string');
    path.org_id = orgId;
  }
  const init: Record<string, any> = { ...rest, params: { path, query, header } };
  if (payload !== undefined) init.body = payload;
  if (parse) init.parseAs = parse;
  return { init, options };
}
