/** Scripted answers: which scenario step answers a call, and the answer it makes (alone, or shaping Prism's). */
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { jsonBuffer, lowerCaseHeaders, positiveInt, type Answer } from './http-answer.js';
import { preferValue } from './prefer.js';
import type { RouteTable } from './routes.js';
import {
  peekStep,
  takeStep,
  validateScenarios,
  type MatchableRequest,
  type Scenario,
  type ScenarioState,
  type ScenarioStep,
} from './scenarios.js';

/** The scenarios in play: the initial ones (rewound by `reset()`) behind the ones added by `use()`. */
export class ScenarioPlayer {
  private readonly initial: Scenario[];
  private initialStates: ScenarioState[] = [];
  private added: ScenarioState[] = [];
  private states: ScenarioState[] = [];

  constructor(
    initial: readonly unknown[],
    private readonly routes: RouteTable,
  ) {
    this.initial = validateScenarios(initial, routes, 'scenarios');
    this.reset();
  }

  use(list: readonly unknown[], what = 'scenario'): Scenario[] {
    const checked = list.flatMap((s) => validateScenarios(s, this.routes, what));
    this.added = [...checked.map(fresh), ...this.added];
    this.states = [...this.added, ...this.initialStates];
    return checked;
  }

  reset(): void {
    this.added = [];
    this.initialStates = this.initial.map(fresh);
    this.states = [...this.initialStates];
  }

  peek(request: MatchableRequest): ScenarioStep | undefined {
    return peekStep(this.states, request, this.routes);
  }

  take(request: MatchableRequest): { scenario: Scenario; step: ScenarioStep } | undefined {
    return takeStep(this.states, request, this.routes);
  }
}

const fresh = (scenario: Scenario): ScenarioState => ({ scenario, step: 0, used: 0 });

/** True when the step's answer starts from Prism's (no body, no page of items, no dropped connection). */
export const needsPrism = (step: ScenarioStep): boolean => step.body === undefined && !step.paginate && !step.drop;

/** The Prefer header a step asks Prism for; undefined (the caller's own Prefer stays) for a pass-through step. */
export function preferFor(step: ScenarioStep): string | undefined {
  return preferValue({ ...step.prefer, ...(step.status !== undefined ? { code: step.status } : {}) }) || undefined;
}

/**
 * One page of `items` for the call's `page` and `take`, with consistent `pagination-*` headers. A call
 * gets at most `maxTake` items (fewer if it asks for fewer), as a server with that page size answers.
 */
export function pageAnswer(
  items: readonly unknown[],
  url: URL,
  defaultTake: number,
  headers: IncomingHttpHeaders = {},
  maxTake = Number.POSITIVE_INFINITY,
): Answer {
  const take = Math.min(positiveInt(url.searchParams.get('take')) ?? defaultTake, maxTake);
  const page = positiveInt(url.searchParams.get('page')) ?? 1;
  return {
    status: 200,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'pagination-count': String(items.length),
      'pagination-page': String(page),
      'pagination-take': String(take),
    },
    body: jsonBuffer(items.slice((page - 1) * take, page * take)),
  };
}

/** The answer a step scripts entirely (a body or a page of items). */
export function scriptedAnswer(step: ScenarioStep, url: URL): Answer {
  const status = step.status ?? 200;
  if (step.paginate) {
    // The scenario's `take` is the mock's page size: the SDK asks for 100 and follows `pagination-take`.
    const page = pageAnswer(step.paginate.items, url, step.paginate.take ?? 100, {}, step.paginate.take);
    return { ...page, status, headers: { ...page.headers, ...lowerCaseHeaders(step.headers) } };
  }
  const headers: IncomingHttpHeaders = {};
  let body: Buffer;
  if (typeof step.body === 'string') {
    body = Buffer.from(step.body);
    headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (step.body === undefined || status === 204 || status === 304) {
    body = Buffer.alloc(0); // a paginate-less, body-less step never gets here (Prism answers it); 204/304 have no body
  } else {
    body = jsonBuffer(step.body);
    headers['content-type'] = 'application/json';
  }
  return { status, headers: { ...headers, ...lowerCaseHeaders(step.headers) }, body };
}

/** Prism's answer for a step that gives no body: its status (when Prism could not give it, a plain error body) and headers. */
export function shapedAnswer(base: Answer, step: ScenarioStep): Answer {
  const status = step.status ?? base.status;
  let { headers, body } = base;
  if (base.status !== status) {
    headers = { 'content-type': 'application/json' };
    body =
      status === 204 || status === 304 ? Buffer.alloc(0) : jsonBuffer({ statusCode: status, message: STATUS_CODES[status] ?? 'Error' });
  } else if (String(headers['content-type'] ?? '').includes('json')) {
    // The contract's shared 5XX example says 500: keep the body's statusCode in step with a 503.
    try {
      const parsed = JSON.parse(body.toString('utf8'));
      if (
        parsed &&
        typeof parsed === 'object' &&
        !Array.isArray(parsed) &&
        typeof parsed.statusCode === 'number' &&
        parsed.statusCode !== status
      ) {
        body = jsonBuffer({ ...parsed, statusCode: status });
      }
    } catch {
      // not JSON after all: leave it
    }
  }
  return { status, headers: { ...headers, ...lowerCaseHeaders(step.headers) }, body };
}
