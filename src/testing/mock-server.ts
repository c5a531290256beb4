/**
 * The mock's front door: a small node:http server in front of Prism, wiring the parts that each do one
 * job: recording calls and their violations (recording.ts), scripted answers (scripted-answers.ts),
 * forwarding to Prism (prism-forwarding.ts) and the control routes (control-routes.ts).
 *
 *   client -> front server (record, scenarios, violations) -> Prism (validate, mock or proxy) [-> upstream]
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { sleep } from '../internal/abort.js';
import { answerControl, type ControlRoutes } from './control-routes.js';
import { CORS_HEADERS, jsonAnswer, withoutHopByHop, type Answer } from './http-answer.js';
import { createPrismForwarder, upgradeAnswerBytes } from './prism-forwarding.js';
import { startPrismServer, type PrismServerOptions } from './prism-server.js';
import { parseBody, RequestLog, violationsHeader, ViolationReader, type RecordedRequest } from './recording.js';
import { RouteTable } from './routes.js';
import { needsPrism, preferFor, ScenarioPlayer, scriptedAnswer, shapedAnswer } from './scripted-answers.js';
import { validateScenarios, type MatchableRequest, type Scenario, type ScenarioStep } from './scenarios.js';
import type { StatefulFake, StatefulOptions } from './stateful/fake.js';
import { checkedState } from './stateful/store.js';
import { VIOLATIONS_HEADER, type ContractViolation } from './violations.js';

export type { RecordedRequest } from './recording.js';

/** Options of `startMockServer()`: Prism's, plus scenarios and a violation hook. */
export interface MockServerOptions extends PrismServerOptions {
  /** Scenarios played from the start (and restored by `reset()`). */
  scenarios?: Scenario[];
  /** Called for every call that had violations (after it is answered): the CLI prints them as JSON lines. */
  onViolation?: (violations: ContractViolation[], request: RecordedRequest) => void;
  /**
   * A fake Invent that keeps state (docs/testing.md): created records can be read back, changed, listed
   * and deleted; the documented rules and limits hold. `true`, or its options (`seed`, `clock`).
   */
  stateful?: boolean | StatefulOptions;
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
  /** The stateful fake, when the `stateful` option is on. */
  readonly stateful: StatefulFake | undefined;
  /** Adds scenarios, checked before the ones already there (the last added wins). */
  use(...scenarios: Scenario[]): void;
  /** Forgets the recorded calls and the scenarios added by `use()`, rewinds the initial ones, and returns the stateful fake to its seed. */
  reset(): void;
  /** Stops the front server and Prism, and frees their ports. */
  close(): Promise<void>;
}

/** Starts Prism and the front server in front of it. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const prism = await startPrismServer({ ...options, port: 0, host: '127.0.0.1' });
  const proxy = Boolean(options.proxy);
  const validateRequest = options.validateRequest ?? true;
  const checkSecurity = options.checkSecurity ?? true;
  const routes = new RouteTable(prism.operations.map((o) => ({ method: o.method, path: o.path, operationId: o.iid })));
  let player: ScenarioPlayer;
  let fake: StatefulFake | undefined;
  try {
    player = new ScenarioPlayer(options.scenarios ?? [], routes);
    if (options.stateful && proxy) throw new TypeError('the stateful mock answers calls itself: it cannot be a proxy too');
    if (options.stateful) {
      const statefulOptions = options.stateful === true ? {} : options.stateful;
      // Loaded only for a stateful mock: it brings the schema validator.
      const { createStatefulFake } = await import('./stateful/fake.js');
      fake = createStatefulFake(prism.operations as never, { ...statefulOptions, seed: checkedState(statefulOptions.seed ?? {}) });
    }
  } catch (error) {
    await prism.close();
    throw error;
  }
  const prismCalls = createPrismForwarder(prism.port, proxy);
  const log = new RequestLog(routes);
  const violations = new ViolationReader(routes, { proxy, validateRequest });
  const sockets = new Set<Socket>();
  // close() ends scripted delays at once: a sleeping answer then sees `closed` and drops its socket.
  const closing = new AbortController();
  let closed = false;

  function send(res: ServerResponse, answer: Answer, entry: RecordedRequest, extra: IncomingHttpHeaders = {}): void {
    // Prism runs with CORS on; scripted and stateful answers say the same, so a page in a browser can read them.
    const headers = withoutHopByHop({ ...CORS_HEADERS, ...answer.headers, ...extra });
    if (proxy) delete headers['content-encoding'];
    if (entry.violations.length) headers[VIOLATIONS_HEADER] = violationsHeader(entry.violations);
    headers['content-length'] = String(answer.body.length);
    entry.status = answer.status;
    res.writeHead(answer.status, headers as Record<string, string | string[]>);
    res.end(answer.body);
    if (entry.violations.length) options.onViolation?.(entry.violations, entry);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const entry = log.record(req, url, await parseBody(raw, req.headers['content-type']));
    const matchable: MatchableRequest = {
      method: entry.method,
      path: entry.path,
      template: entry.route,
      query: entry.query,
      body: entry.body,
    };

    // A call that breaks the contract gets Prism's refusal, even when a scenario would answer it: a
    // scripted answer must not hide a bad request. (Proxy mode never refuses: it reports.)
    const peeked = player.peek(matchable);
    let checked: { answer: Answer; step: ScenarioStep } | undefined;
    if (peeked && !proxy && (validateRequest || checkSecurity)) {
      const answer = await prismCalls.forward(req, raw, needsPrism(peeked) ? preferFor(peeked) : undefined);
      checked = { answer, step: peeked };
      const refusal = violations.refusal(answer, entry);
      if (refusal) return send(res, refusal, entry);
    }

    const taken = player.take(matchable);
    if (taken) {
      const { step } = taken;
      entry.scenario = taken.scenario.name ?? '(unnamed)';
      if (step.delayMs) await sleep(step.delayMs, closing.signal).catch(() => {});
      if (closed) return void res.destroy();
      if (step.drop) {
        entry.status = 0;
        res.destroy();
        return;
      }
      const tag = { 'x-invent-mock-scenario': entry.scenario };
      if (!needsPrism(step)) return send(res, scriptedAnswer(step, url), entry, tag);
      const base = checked?.step === step ? checked.answer : await prismCalls.forward(req, raw, preferFor(step));
      if (proxy) entry.violations = violations.of(base, entry);
      return send(res, shapedAnswer(base, step), entry, tag);
    }

    const answer = checked && !needsPrism(checked.step) ? checked.answer : await prismCalls.forward(req, raw, undefined);
    const refusal = violations.refusal(answer, entry);
    if (refusal || !fake) return send(res, refusal ?? answer, entry);
    const client = req.socket.remoteAddress ?? '';
    const made = fake.answer({ method: entry.method, path: entry.path, template: entry.route, url, body: entry.body, client }, answer);
    entry.violations.push(...made.violations);
    send(res, made.answer, entry);
  }

  const controlRoutes: ControlRoutes = {
    'GET /__invent/requests': () => ({ status: 200, body: log.requests }),
    'POST /__invent/scenarios': (body) => {
      const list = validateScenarios(body ?? null, routes, 'scenario');
      player.use(list);
      return { status: 201, body: { added: list.length } };
    },
    'POST /__invent/reset': () => {
      mock.reset();
      return { status: 204 };
    },
    ...(fake ? statefulControlRoutes(fake) : {}),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://mock.invalid');
      const raw = Buffer.concat(chunks);
      if (url.pathname.startsWith('/__invent/')) {
        const answer = answerControl(controlRoutes, req.method, url.pathname, raw);
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        return void res.end(answer.body);
      }
      handleCall(req, res, url, raw).catch((error: unknown) => {
        if (res.headersSent || closed) return void res.destroy();
        const answer = jsonAnswer(502, {
          statusCode: 502,
          message: `invent-mock: ${error instanceof Error ? error.message : String(error)}`,
        });
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
      });
    });
  });

  // WebSocket upgrades (the inbox): Prism checks the handshake; the mock records it and relays Prism's answer.
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy()).on('close', () => sockets.delete(socket));
    const entry = log.record(req, new URL(req.url ?? '/', 'http://mock.invalid'), undefined);
    prismCalls.forwardUpgrade(req).then(
      (answer) => {
        entry.violations = violations.of(answer, entry);
        entry.status = answer.status;
        const headers = entry.violations.length
          ? { ...answer.headers, [VIOLATIONS_HEADER]: violationsHeader(entry.violations) }
          : answer.headers;
        socket.end(upgradeAnswerBytes({ ...answer, headers }, req.headers.upgrade));
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
    prismCalls.close();
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
      return log.requests;
    },
    stateful: fake,
    use(...list) {
      player.use(list);
    },
    reset() {
      log.clear();
      player.reset();
      fake?.reset();
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      prismCalls.close();
      await prism.close();
    },
  };
  return mock;
}

/** The stateful fake's control routes: read, snapshot and restore its records, and move its clock. */
function statefulControlRoutes(fake: StatefulFake): ControlRoutes {
  return {
    'GET /__invent/state': () => ({ status: 200, body: fake.state }),
    'POST /__invent/snapshot': () => ({ status: 200, body: fake.snapshot() }),
    'POST /__invent/restore': (body) => {
      fake.restore(checkedState(body, 'the state to restore'));
      return { status: 204 };
    },
    'POST /__invent/clock': (body) => {
      const advanceMs = (body as { advanceMs?: unknown } | undefined)?.advanceMs;
      if (typeof advanceMs !== 'number') throw new TypeError('POST /__invent/clock takes { "advanceMs": <milliseconds> }');
      fake.clock.advance(advanceMs);
      return { status: 200, body: { now: new Date(fake.clock.now()).toISOString() } };
    },
  };
}
