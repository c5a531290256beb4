/**
 * The mock's front door: a small node:http server in front of Prism. It records every call, plays
 * scenarios (scripted answers Prism cannot give, since it keeps no state) and makes contract
 * violations loud; everything else is Prism's answer from the contract.
 *
 *   client -> front server (record, scenarios, violations) -> Prism (validate, mock or proxy) [-> upstream]
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { startPrismServer, type PrismServerOptions } from './prism-server.js';
import { preferValue } from './prefer.js';
import { RouteTable } from './routes.js';
import {
  peekStep,
  takeStep,
  validateScenarios,
  type MatchableRequest,
  type Scenario,
  type ScenarioState,
  type ScenarioStep,
} from './scenarios.js';
import { parseViolations, requestErrors, formatViolation, VIOLATIONS_HEADER, type ContractViolation } from './violations.js';

/** One call the mock received, as `mock.requests` (and `GET /__invent/requests`) give it. */
export interface RecordedRequest {
  /** `GET`, `POST`, ... */
  method: string;
  /** The path called, without the query: `/orgs/c/contacts`. */
  path: string;
  /** The contract operation it matched, as `METHOD /path/template` (`GET /orgs/{org_id}/contacts`), if any. */
  operation: string | undefined;
  /** That operation's path template: `/orgs/{org_id}/contacts`. */
  route: string | undefined;
  /** That operation's operationId in the contract, for information only (contracts rename them). */
  operationId: string | undefined;
  /** Query parameters (a repeated one as an array). */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization` and `cookie` values are redacted (`Bearer [redacted]`). */
  headers: Record<string, string>;
  /** The body: parsed JSON, form fields (files as `{ name, type, size }`), text, or undefined when empty. */
  body: unknown;
  /** The status answered; `0` when a scenario dropped the connection, undefined while in flight. */
  status: number | undefined;
  /** How the call (and in proxy mode the upstream's answer) broke the contract; empty when it did not. */
  violations: ContractViolation[];
  /** The name of the scenario that answered, if one did (`'(unnamed)'` for a scenario without a name). */
  scenario: string | undefined;
}

/** Options of `startMockServer()`: Prism's, plus scenarios and a violation hook. */
export interface MockServerOptions extends PrismServerOptions {
  /** Scenarios played from the start (and restored by `reset()`). */
  scenarios?: Scenario[];
  /** Called for every call that had violations (after it is answered): the CLI prints them as JSON lines. */
  onViolation?: (violations: ContractViolation[], request: RecordedRequest) => void;
}

/** The mock's HTTP server: Prism behind a front server that records calls and plays scenarios. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** True in proxy mode (`proxy` option). */
  readonly proxy: boolean;
  /** The calls received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Adds scenarios, checked before the ones already there (the last added wins). */
  use(...scenarios: Scenario[]): void;
  /** Forgets the recorded calls and the scenarios added by `use()`, and rewinds the initial ones. */
  reset(): void;
  /** Stops the front server and Prism, and frees their ports. */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'content-length'];
const MAX_HEADER = 8 * 1024 - 100;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function redactedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization')
      out[name] = text.replace(/^(\S+\s+)?.*$/s, (_, scheme: string | undefined) => `${scheme ?? ''}[redacted]`);
    else if (name === 'cookie') out[name] = '[redacted]';
    else out[name] = text;
  }
  return out;
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (/[/+]json\b/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('multipart/form-data')) {
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType! } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form) {
        fields[name] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size };
      }
      return fields;
    } catch {
      return text;
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** The body the mock sends when a call broke the contract: the contract's Error shape, listing the violations. */
function violationBody(status: number, errors: ContractViolation[], all: ContractViolation[]): Buffer {
  return json({ statusCode: status, message: errors.map(formatViolation), code: 'CONTRACT_VIOLATION', violations: all });
}

function violationsHeader(violations: ContractViolation[]): string {
  const value = JSON.stringify(violations);
  return value.length > MAX_HEADER
    ? JSON.stringify([
        {
          location: [],
          severity: 'Error',
          message: `${violations.length} violations (too many for a header): ${violations.slice(0, 3).map(formatViolation).join('; ')}`,
        },
      ])
    : value;
}

/** Starts Prism and the front server in front of it. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const prism = await startPrismServer({ ...options, port: 0, host: '127.0.0.1' });
  const proxy = Boolean(options.proxy);
  const validateRequest = options.validateRequest ?? true;
  const checkSecurity = options.checkSecurity ?? true;
  const routes = new RouteTable(prism.operations.map((o) => ({ method: o.method, path: o.path, operationId: o.iid })));
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const sleepers = new Set<() => void>();
  const requests: RecordedRequest[] = [];
  let initial: Scenario[] = [];
  let added: ScenarioState[] = [];
  let states: ScenarioState[] = [];
  let closed = false;

  const fresh = (s: Scenario): ScenarioState => ({ scenario: s, step: 0, used: 0 });
  const rebuild = (initialStates: ScenarioState[]) => {
    states = [...added, ...initialStates];
  };
  let initialStates: ScenarioState[] = [];
  try {
    initial = validateScenarios(options.scenarios ?? [], routes, 'scenarios');
  } catch (error) {
    await prism.close();
    throw error;
  }
  initialStates = initial.map(fresh);
  rebuild(initialStates);

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  function forward(req: IncomingMessage, raw: Buffer, prefer: string | undefined): Promise<Answer> {
    const headers: IncomingHttpHeaders = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers.host = `127.0.0.1:${prism.port}`;
    if (raw.length || !['GET', 'HEAD'].includes(req.method ?? 'GET')) headers['content-length'] = String(raw.length);
    if (prefer !== undefined) headers.prefer = prefer;
    // Prism forwards with node-fetch, which decompresses: ask the upstream for plain bodies.
    if (proxy) headers['accept-encoding'] = 'identity';
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port: prism.port, method: req.method, path: req.url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(raw);
    });
  }

  /** The Prefer header a step asks Prism for; undefined (the caller's own Prefer stays) for a pass-through step. */
  function preferFor(step: ScenarioStep): string | undefined {
    return preferValue({ ...step.prefer, ...(step.status !== undefined ? { code: step.status } : {}) }) || undefined;
  }

  /** Violations in Prism's answer, plus an unknown route (Prism's 404/405) when requests are validated. */
  function violationsOf(answer: Answer, entry: RecordedRequest): ContractViolation[] {
    const violations = parseViolations(answer.headers['sl-violations'] as string | undefined).map((v) =>
      v.code === 401 && !proxy ? { ...v, message: `${v.message}: send \`Authorization: Bearer <any key>\`` } : v,
    );
    if (!proxy && validateRequest && !entry.route) {
      const wrongMethod = routes.hasPath(entry.path);
      violations.push({
        location: ['request', wrongMethod ? 'method' : 'path'],
        severity: 'Error',
        code: wrongMethod ? 'NO_METHOD_MATCHED_ERROR' : 'NO_PATH_MATCHED_ERROR',
        message: wrongMethod
          ? `the contract has no ${entry.method} operation on ${entry.path}`
          : `the contract has no operation at ${entry.path}`,
      });
    }
    return violations;
  }

  function scripted(step: ScenarioStep, url: URL): Answer {
    const headers: IncomingHttpHeaders = {};
    let body: Buffer;
    const status = step.status ?? 200;
    if (step.paginate) {
      // The scenario's `take` is the mock's page size: a call gets at most that many (fewer if it asks
      // for fewer), as a server with a smaller page size would answer, and `pagination-take` says so.
      const asked = positiveInt(url.searchParams.get('take'));
      const take = step.paginate.take === undefined ? (asked ?? 100) : Math.min(asked ?? Infinity, step.paginate.take);
      const page = positiveInt(url.searchParams.get('page')) ?? 1;
      const items = step.paginate.items;
      body = json(items.slice((page - 1) * take, page * take));
      Object.assign(headers, {
        'content-type': 'application/json',
        'pagination-count': String(items.length),
        'pagination-page': String(page),
        'pagination-take': String(take),
      });
    } else if (typeof step.body === 'string') {
      body = Buffer.from(step.body);
      headers['content-type'] = 'text/plain; charset=utf-8';
    } else if (step.body === undefined || status === 204 || status === 304) {
      body = Buffer.alloc(0); // a paginate-less, body-less step never gets here (Prism answers it); 204/304 have no body
    } else {
      body = json(step.body);
      headers['content-type'] = 'application/json';
    }
    return { status, headers: { ...headers, ...lower(step.headers) }, body };
  }

  /** Prism's answer for a step that gives no body: its status (when Prism could not give it, a plain error body) and headers. */
  function shaped(base: Answer, step: ScenarioStep): Answer {
    const status = step.status ?? base.status;
    let { headers, body } = base;
    if (base.status !== status) {
      headers = { 'content-type': 'application/json' };
      body = status === 204 || status === 304 ? Buffer.alloc(0) : json({ statusCode: status, message: STATUS_CODES[status] ?? 'Error' });
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
          body = json({ ...parsed, statusCode: status });
        }
      } catch {
        // not JSON after all: leave it
      }
    }
    return { status, headers: { ...headers, ...lower(step.headers) }, body };
  }

  function lower(headers: Record<string, string> | undefined): IncomingHttpHeaders {
    return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  function send(res: ServerResponse, answer: Answer, entry: RecordedRequest, extra: IncomingHttpHeaders = {}): void {
    const headers: IncomingHttpHeaders = { ...answer.headers, ...extra };
    for (const name of HOP_BY_HOP) delete headers[name];
    if (proxy) delete headers['content-encoding'];
    if (entry.violations.length) headers[VIOLATIONS_HEADER] = violationsHeader(entry.violations);
    headers['content-length'] = String(answer.body.length);
    entry.status = answer.status;
    res.writeHead(answer.status, headers as Record<string, string | string[]>);
    res.end(answer.body);
    if (entry.violations.length) options.onViolation?.(entry.violations, entry);
  }

  /** Adds a received request to `requests`, matched to its operation; status and violations come later. */
  function record(req: IncomingMessage, url: URL, body: unknown): RecordedRequest {
    const method = (req.method ?? 'GET').toUpperCase();
    const route = routes.resolve(method, url.pathname);
    const entry: RecordedRequest = {
      method,
      path: url.pathname,
      operation: route ? `${method} ${route.path}` : undefined,
      route: route?.path,
      operationId: route?.operationId,
      query: queryOf(url),
      headers: redactedHeaders(req.headers),
      body,
      status: undefined,
      violations: [],
      scenario: undefined,
    };
    requests.push(entry);
    return entry;
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const entry = record(req, url, await parseBody(raw, req.headers['content-type']));
    const method = entry.method;
    const matchable: MatchableRequest = {
      method,
      path: entry.path,
      template: entry.route,
      query: entry.query,
      body: entry.body,
    };

    // A call that breaks the contract gets Prism's refusal, even when a scenario would answer it: a
    // scripted answer must not hide a bad request. (Proxy mode never refuses: it reports.)
    const peeked = peekStep(states, matchable, routes);
    const needsPrism = (step: ScenarioStep) => step.body === undefined && !step.paginate && !step.drop;
    let checked: { answer: Answer; step: ScenarioStep } | undefined;
    if (peeked && !proxy && (validateRequest || checkSecurity)) {
      const answer = await forward(req, raw, needsPrism(peeked) ? preferFor(peeked) : undefined);
      checked = { answer, step: peeked };
      if (refuse(res, answer, entry)) return;
    }

    const taken = takeStep(states, matchable, routes);
    if (taken) {
      const { step } = taken;
      entry.scenario = taken.scenario.name ?? '(unnamed)';
      if (step.delayMs) await sleep(step.delayMs);
      if (closed) return void res.destroy();
      if (step.drop) {
        entry.status = 0;
        res.destroy();
        return;
      }
      const tag = { 'x-invent-mock-scenario': entry.scenario };
      if (!needsPrism(step)) return send(res, scripted(step, url), entry, tag);
      const base = checked?.step === step ? checked.answer : await forward(req, raw, preferFor(step));
      if (proxy) entry.violations = violationsOf(base, entry);
      return send(res, shaped(base, step), entry, tag);
    }

    const answer = checked && !needsPrism(checked.step) ? checked.answer : await forward(req, raw, undefined);
    if (refuse(res, answer, entry)) return;
    send(res, answer, entry);
  }

  /** Records the answer's violations; when the mock refused the call for them, sends the refusal (body listing them) and says so. */
  function refuse(res: ServerResponse, answer: Answer, entry: RecordedRequest): boolean {
    entry.violations = violationsOf(answer, entry);
    const errors = requestErrors(entry.violations);
    if (proxy || errors.length === 0 || answer.status < 400) return false;
    send(
      res,
      {
        status: answer.status,
        headers: { ...answer.headers, 'content-type': 'application/json' },
        body: violationBody(answer.status, errors, entry.violations),
      },
      entry,
    );
    return true;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const reply = (status: number, body?: unknown) => {
      const payload = body === undefined ? Buffer.alloc(0) : json(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.length) });
      res.end(payload);
    };
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /__invent/requests') return reply(200, requests);
    if (route === 'POST /__invent/reset') {
      mock.reset();
      return reply(204);
    }
    if (route === 'POST /__invent/scenarios') {
      try {
        const list = validateScenarios(JSON.parse(raw.toString('utf8') || 'null'), routes, 'scenario');
        mock.use(...list);
        return reply(201, { added: list.length });
      } catch (error) {
        return reply(400, { statusCode: 400, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return reply(404, {
      statusCode: 404,
      message: 'the mock answers GET /__invent/requests, POST /__invent/scenarios and POST /__invent/reset',
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://mock.invalid');
      const raw = Buffer.concat(chunks);
      const handler = url.pathname.startsWith('/__invent/') ? handleControl : handleCall;
      handler(req, res, url, raw).catch((error: unknown) => {
        if (res.headersSent || closed) return void res.destroy();
        const payload = json({ statusCode: 502, message: `invent-mock: ${error instanceof Error ? error.message : String(error)}` });
        res.writeHead(502, { 'content-type': 'application/json', 'content-length': String(payload.length) });
        res.end(payload);
      });
    });
  });

  /**
   * WebSocket upgrades (the inbox): Prism checks the handshake against the contract (the bearer token,
   * the path) and answers it; the mock records the call, relays the answer and closes the connection.
   * Prism speaks no WebSocket, so nothing flows after the handshake.
   */
  function forwardUpgrade(req: IncomingMessage): Promise<Answer> {
    const headers: IncomingHttpHeaders = { ...req.headers, host: `127.0.0.1:${prism.port}` };
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port: prism.port, method: req.method, path: req.url, headers, agent: false });
      upstream.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 101, headers: res.headers, body: Buffer.alloc(0) });
      });
      upstream.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      upstream.on('error', reject);
      upstream.end();
    });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy()).on('close', () => sockets.delete(socket));
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const entry = record(req, url, undefined);
    forwardUpgrade(req).then(
      (answer) => {
        entry.violations = violationsOf(answer, entry);
        entry.status = answer.status;
        const headers: IncomingHttpHeaders = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete headers[name];
        if (entry.violations.length) headers[VIOLATIONS_HEADER] = violationsHeader(entry.violations);
        const lines = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`];
        if (answer.status === 101) lines.push('Connection: Upgrade', `Upgrade: ${req.headers.upgrade ?? 'websocket'}`);
        else lines.push('Connection: close', `Content-Length: ${answer.body.length}`);
        for (const [name, value] of Object.entries(headers))
          for (const v of ([] as string[]).concat(value ?? [])) lines.push(`${name}: ${v}`);
        socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), answer.body]));
        if (entry.violations.length) options.onViolation?.(entry.violations, entry);
      },
      () => {
        entry.status = 502;
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      },
    );
  });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    agent.destroy();
    await prism.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : Number(options.port);
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  const mock: MockServer = {
    url: `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`,
    port,
    proxy,
    get requests() {
      return requests;
    },
    use(...list) {
      const checkedList = list.map((s) => validateScenarios(s, routes, 'scenario')).flat();
      added = [...checkedList.map(fresh), ...added];
      rebuild(initialStates);
    },
    reset() {
      requests.length = 0;
      added = [];
      initialStates = initial.map(fresh);
      rebuild(initialStates);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const wake of [...sleepers]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      agent.destroy();
      await prism.close();
    },
  };
  return mock;
}
