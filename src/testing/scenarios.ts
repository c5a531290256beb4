/**
 * Scenarios: scripted answers for what Prism cannot express alone, because it keeps no state between
 * calls (429 then 200, a burst of 5xx, consistent pages of a list, a send refused for one recipient).
 *
 * A scenario is plain JSON-compatible data, so the same thing works from code (`startInventMock({
 * scenarios })`, `mock.use()`), from a file (`invent-mock --scenario file.json`) and over HTTP
 * (`POST /__invent/scenarios`). The format is documented in docs/testing.md.
 */
import { InventError } from '../errors.js';
import { operations } from '../../generated/operations.js';
import { routeIdentity } from '../client/route-identity.js';
import type { MockPreference } from './prefer.js';
import { fitsTemplate, pathSegments, type RouteTable } from './routes.js';

/** A JSON value: what a scenario's bodies and matches are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Which requests a scenario answers. Every field given must hold; leave all out to match every call. */
export interface ScenarioMatch {
  /** `GET`, `POST`, ... (any case). Any method when left out. */
  method?: string;
  /**
   * A path template from openapi.json (`/orgs/{org_id}/contacts/{contact_id}`: matches exactly that
   * operation's calls) or any path where `{name}` stands for one segment (`/orgs/c/contacts/cnt_1`).
   */
  path?: string;
  /**
   * One operation, instead of method and path: `METHOD /path/template`
   * (`'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send'`, path parameters compared by position,
   * whatever their names) or its resource method (`'broadcasts.send'`).
   */
  operation?: string;
  /** Query parameters that must have these values (compared as strings). */
  query?: Record<string, string | number | boolean>;
  /** Fields the JSON body must contain (a deep, partial match: `{ "email": "a@b.c" }`). */
  body?: JsonValue;
}

/**
 * One scripted answer, used for `times` matching calls. Leave out `body` (and `paginate`) to let Prism
 * answer from the contract: `{ "status": 429 }` is the contract's own 429 (body and `Retry-After`), and
 * a step with neither `status` nor `body` passes the call to Prism unchanged (to let calls through
 * before a failure).
 */
export interface ScenarioStep {
  /** Status to answer with: 200 when a body is given, else Prism's answer for this documented status. */
  status?: number;
  /** Headers to set on the answer (added to, or replacing, Prism's). */
  headers?: Record<string, string>;
  /** The body to answer with, as JSON (a string is sent as text). */
  body?: JsonValue;
  /**
   * Answer a list call with one page of these items, read from the call's `page` (default 1) and `take`
   * query parameters (at most `take` here), with consistent `pagination-count`, `pagination-page` and
   * `pagination-take` headers.
   */
  paginate?: {
    /** Every item of the list, across pages. */
    items: JsonValue[];
    /** The page size: a call gets at most this many items a page, fewer if its `take` asks for fewer (default: the call's `take`, else 100). */
    take?: number;
  };
  /** Ask Prism for this (when no body is given): `{ "example": "unsubscribed" }`, `{ "dynamic": true }`. */
  prefer?: MockPreference;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  /** How many calls this step answers: a count (default 1) or `"always"`. */
  times?: number | 'always';
  /** Close the connection without answering (a network failure). */
  drop?: boolean;
}

/** Scripted answers for the requests it matches, for what Prism cannot do alone (it keeps no state). */
export interface Scenario {
  /** Shown in `mock.requests` (`scenario`) and in error messages. */
  name?: string;
  /** Which requests it answers. */
  match: ScenarioMatch;
  /** Answers in order; when they are used up the scenario stops matching and calls fall through to Prism. */
  steps: ScenarioStep[];
}

/** A scenario being played: which step is next and how often it has answered. */
export interface ScenarioState {
  readonly scenario: Scenario;
  step: number;
  used: number;
}

/** A scenario that is not valid (names what is wrong and where). */
export class ScenarioError extends InventError {
  /** The brand `instanceof` recognises: `ScenarioError`. */
  static override readonly errorName: string = 'ScenarioError';
}

const MATCH_KEYS = new Set(['method', 'path', 'operation', 'query', 'body']);
const STEP_KEYS = new Set(['status', 'headers', 'body', 'paginate', 'prefer', 'delayMs', 'times', 'drop']);
const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a scenario (from code, a file or HTTP) and returns it, or throws a ScenarioError naming the
 * offending field. With a route table, an operation the contract does not have is refused too.
 */
export function validateScenario(input: unknown, routes?: RouteTable, where = 'scenario'): Scenario {
  const fail = (message: string): never => {
    throw new ScenarioError(`${where}: ${message}`);
  };
  if (!isObject(input)) fail('must be an object with "match" and "steps"');
  const s = input as Record<string, unknown>;
  for (const key of Object.keys(s))
    if (!['name', 'match', 'steps'].includes(key)) fail(`unknown field "${key}" (expected name, match, steps)`);
  if (s.name !== undefined && typeof s.name !== 'string') fail('"name" must be a string');
  const label = s.name ? `${where} "${s.name}"` : where;
  const failIn = (message: string): never => {
    throw new ScenarioError(`${label}: ${message}`);
  };
  if (!isObject(s.match)) failIn('"match" must be an object');
  const match = s.match as Record<string, unknown>;
  if ('operationId' in match)
    failIn(
      `match.operationId is not supported: name the operation as "METHOD /path/template" or by its resource method, in match.operation`,
    );
  for (const key of Object.keys(match))
    if (!MATCH_KEYS.has(key)) failIn(`unknown match field "${key}" (expected ${[...MATCH_KEYS].join(', ')})`);
  if (match.method !== undefined && (typeof match.method !== 'string' || !METHODS.has(match.method.toUpperCase())))
    failIn(`match.method must be an HTTP method, got ${JSON.stringify(match.method)}`);
  if (match.path !== undefined && (typeof match.path !== 'string' || !match.path.startsWith('/')))
    failIn(`match.path must start with "/", got ${JSON.stringify(match.path)}`);
  if (match.operation !== undefined) {
    if (typeof match.operation !== 'string') failIn('match.operation must be a string');
    const identity = operationIdentity(match.operation as string);
    if (!identity)
      failIn(
        `match.operation "${match.operation}" is neither "METHOD /path/template" nor a resource method of the SDK (e.g. "broadcasts.send")`,
      );
    if (routes && !routes.identities.has(identity!)) failIn(`match.operation "${match.operation}" is not an operation of the contract`);
  }
  if (match.query !== undefined) {
    if (!isObject(match.query)) failIn('match.query must be an object of parameter values');
    for (const [k, v] of Object.entries(match.query as object))
      if (!['string', 'number', 'boolean'].includes(typeof v)) failIn(`match.query.${k} must be a string, number or boolean`);
  }
  if (!Array.isArray(s.steps) || s.steps.length === 0) failIn('"steps" must be a non-empty array');
  (s.steps as unknown[]).forEach((step, i) => {
    const at = `steps[${i}]`;
    if (!isObject(step)) failIn(`${at} must be an object`);
    const st = step as Record<string, unknown>;
    for (const key of Object.keys(st))
      if (!STEP_KEYS.has(key)) failIn(`${at}: unknown field "${key}" (expected ${[...STEP_KEYS].join(', ')})`);
    if (st.status !== undefined && (!Number.isInteger(st.status) || (st.status as number) < 200 || (st.status as number) > 599))
      failIn(`${at}.status must be an HTTP status from 200 to 599, got ${JSON.stringify(st.status)}`);
    if (st.headers !== undefined && (!isObject(st.headers) || Object.values(st.headers).some((v) => typeof v !== 'string')))
      failIn(`${at}.headers must map names to strings`);
    if (st.delayMs !== undefined && (typeof st.delayMs !== 'number' || st.delayMs < 0 || !Number.isFinite(st.delayMs)))
      failIn(`${at}.delayMs must be a number of milliseconds >= 0`);
    if (st.times !== undefined && st.times !== 'always' && (!Number.isInteger(st.times) || (st.times as number) < 1))
      failIn(`${at}.times must be a whole number >= 1 or "always"`);
    if (st.drop !== undefined && typeof st.drop !== 'boolean') failIn(`${at}.drop must be a boolean`);
    if (st.paginate !== undefined) {
      const p = st.paginate as Record<string, unknown>;
      if (!isObject(p) || !Array.isArray(p.items)) failIn(`${at}.paginate must be { "items": [...], "take"?: n }`);
      if (p.take !== undefined && (!Number.isInteger(p.take) || (p.take as number) < 1))
        failIn(`${at}.paginate.take must be a whole number >= 1`);
      if (st.body !== undefined) failIn(`${at}: give "body" or "paginate", not both`);
    }
    if (st.prefer !== undefined && !isObject(st.prefer)) failIn(`${at}.prefer must be an object ({ code, example, dynamic })`);
    if (i < (s.steps as unknown[]).length - 1 && st.times === 'always')
      failIn(`${at} answers "always", so the steps after it would never run`);
  });
  return input as unknown as Scenario;
}

/** Accepts one scenario, an array of them, or `{ "scenarios": [...] }` (the file format). */
export function validateScenarios(input: unknown, routes?: RouteTable, where = 'scenario'): Scenario[] {
  const list = isObject(input) && Array.isArray(input.scenarios) ? input.scenarios : Array.isArray(input) ? input : [input];
  return list.map((s, i) => validateScenario(s, routes, list.length > 1 ? `${where}[${i}]` : where));
}

const byResourceMethod = new Map<string, string>();

/**
 * The identity (`routeIdentity`) of the operation a match names: `METHOD /path/template`, or a
 * resource method of the SDK (`broadcasts.send`) looked up in the SDK's operation table. Undefined
 * when it names neither.
 */
export function operationIdentity(operation: string): string | undefined {
  const [method, path, extra] = operation.trim().split(/\s+/);
  if (method && path && !extra) return METHODS.has(method.toUpperCase()) && path.startsWith('/') ? routeIdentity(method, path) : undefined;
  if (!byResourceMethod.size)
    for (const op of Object.values(operations)) if (op.sdkMethod) byResourceMethod.set(op.sdkMethod, routeIdentity(op.method, op.path));
  return byResourceMethod.get(operation.trim());
}

/** What the mock knows about a request when it looks for a scenario. */
export interface MatchableRequest {
  method: string;
  path: string;
  /** The resolved operation's path template, if any. */
  template: string | undefined;
  query: Record<string, string | string[]>;
  body: unknown;
}

/** True when every field of `expected` is found, equal, in `actual` (objects partially, arrays element by element). */
export function containsJson(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => containsJson(actual[i], e));
  }
  if (isObject(expected)) {
    return isObject(actual) && Object.entries(expected).every(([k, v]) => k in actual && containsJson(actual[k], v));
  }
  return Object.is(actual, expected);
}

export function matches(match: ScenarioMatch, request: MatchableRequest, routes: RouteTable): boolean {
  if (match.method && match.method.toUpperCase() !== request.method) return false;
  if (match.operation !== undefined) {
    if (!request.template || operationIdentity(match.operation) !== routeIdentity(request.method, request.template)) return false;
  }
  if (match.path) {
    // A template of the contract names one operation: `/contacts/{contact_id}` does not match `/contacts/stats`.
    const ok = routes.templates.has(match.path) ? request.template === match.path : fitsTemplate(match.path, pathSegments(request.path));
    if (!ok) return false;
  }
  if (match.query) {
    for (const [name, want] of Object.entries(match.query)) {
      const got = request.query[name];
      const values = Array.isArray(got) ? got : got === undefined ? [] : [got];
      if (!values.includes(String(want))) return false;
    }
  }
  if (match.body !== undefined && !containsJson(request.body, match.body)) return false;
  return true;
}

/** Finds the scenario that answers this request and uses up one turn of its current step. */
export function takeStep(
  states: readonly ScenarioState[],
  request: MatchableRequest,
  routes: RouteTable,
): { scenario: Scenario; step: ScenarioStep } | undefined {
  for (const state of states) {
    const step = state.scenario.steps[state.step];
    if (!step || !matches(state.scenario.match, request, routes)) continue;
    state.used += 1;
    if (step.times !== 'always' && state.used >= (step.times ?? 1)) {
      state.step += 1;
      state.used = 0;
    }
    return { scenario: state.scenario, step };
  }
  return undefined;
}

/** Peeks, without using it up, at the step that would answer this request. */
export function peekStep(states: readonly ScenarioState[], request: MatchableRequest, routes: RouteTable): ScenarioStep | undefined {
  for (const state of states) {
    const step = state.scenario.steps[state.step];
    if (step && matches(state.scenario.match, request, routes)) return step;
  }
  return undefined;
}

type Route = ScenarioMatch | string;

/** `'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send'`, `'broadcasts.send'`, or a match object. */
function toMatch(route: Route): ScenarioMatch {
  return typeof route === 'string' ? { operation: route } : route;
}

/**
 * Builders for common scenarios. Each returns plain data (a Scenario), so it can be printed and
 * saved as a file for `invent-mock --scenario`.
 */
export const scenarios = {
  /** `times` answers 429 (the contract's body, `Retry-After: retryAfter`), then the calls pass to Prism. */
  rateLimited(route: Route, options: { times?: number; retryAfter?: number } = {}): Scenario {
    return {
      name: 'rate limited',
      match: toMatch(route),
      steps: [{ status: 429, headers: { 'Retry-After': String(options.retryAfter ?? 1) }, times: options.times ?? 1 }],
    };
  },
  /** A burst of `times` server errors (default 3 answers of 503), then the calls pass to Prism. */
  serverErrors(route: Route, options: { times?: number; status?: number } = {}): Scenario {
    const status = options.status ?? 503;
    return { name: `${status} burst`, match: toMatch(route), steps: [{ status, times: options.times ?? 3 }] };
  },
  /** Every call of a list operation answers one page of `items`, with consistent pagination headers. */
  pages(route: Route, items: JsonValue[], options: { take?: number } = {}): Scenario {
    return {
      name: 'pages',
      match: toMatch(route),
      steps: [{ paginate: { items, ...(options.take ? { take: options.take } : {}) }, times: 'always' }],
    };
  },
  /**
   * Transactional sends to this recipient are refused with the contract's error shape (400, as the
   * contract declares a refusal), as Invent does for an unsubscribed or blocked contact.
   */
  rejectRecipient(
    recipient: { email?: string; phone?: string; contact_id?: string; contact_channel_id?: string },
    options: { message?: string; status?: number } = {},
  ): Scenario {
    const status = options.status ?? 400;
    return {
      name: 'recipient refused',
      match: { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send', body: recipient },
      steps: [{ status, body: { statusCode: status, message: options.message ?? 'Contact is unsubscribed' }, times: 'always' }],
    };
  },
};
