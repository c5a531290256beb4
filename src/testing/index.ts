/**
 * invent-sdk/testing: a mock of the Invent API for tests, served by Prism from the SDK's contract.
 * Loaded only by programs that import it: the main entry point never pulls Prism in.
 *
 * ```ts
 * const mock = await startInventMock();                 // in-process, on a free port
 * await myService(mock.client).sendOtp('ana@example.com');
 * expect(mock.requests[0]?.body).toMatchObject({ email: 'ana@example.com' });
 * mock.use(scenarios.rateLimited('broadcasts.send'));
 * await mock.close();
 * ```
 *
 * See docs/testing.md.
 */
import { CLIENT_OPTION_KEYS, checkKnownKeys } from '../client/check-options.js';
import { createInvent, type Invent, type InventOptions } from '../client/create-invent.js';
import { InventConfigError } from '../errors.js';
import { startMockServer, type MockServerOptions, type RecordedRequest } from './mock-server.js';
import { prefer, type MockPreference } from './prefer.js';
import type { Scenario } from './scenarios.js';
import type { MockClock } from './stateful/clock.js';
import type { StatefulFake } from './stateful/fake.js';
import type { StatefulState } from './stateful/store.js';
import { ContractViolationError, formatViolation, parseViolations, requestErrors, VIOLATIONS_HEADER } from './violations.js';

export type { MockServer, MockServerOptions, RecordedRequest } from './mock-server.js';
export { prefer, type MockPreference } from './prefer.js';
export {
  scenarios,
  ScenarioError,
  type JsonValue,
  type Scenario,
  type ScenarioMatch,
  type ScenarioStep,
} from './scenarios.js';
export { ContractViolationError, VIOLATIONS_HEADER, type ContractViolation } from './violations.js';
export type { MockClock } from './stateful/clock.js';
export type { StatefulOptions } from './stateful/fake.js';
export type { StatefulState } from './stateful/store.js';
export { startInboxMock, type InboxMock, type InboxMockChat, type InboxMockOptions } from './inbox-server.js';

/** Options for a client of the mock: any createInvent option but `baseUrl`, plus a `Prefer` for every call. */
export type InventMockClientOptions = Omit<InventOptions, 'baseUrl'> & {
  /** Ask the mock for this answer on every call of this client (`{ code: 429 }`, `{ example: 'NAME' }`, `{ dynamic: true }`). */
  prefer?: MockPreference;
  /**
   * Throw a ContractViolationError (listing the violations) for every call the mock refuses because
   * the request broke the contract, raw calls included. Default true; in proxy mode calls are never refused.
   */
  throwOnViolation?: boolean;
};

/** Options of `startInventMock()`: the server's (`spec`, `port`, `scenarios`, `proxy`, ...) and its client's. */
export interface InventMockOptions extends MockServerOptions {
  /**
   * Options for `mock.client`. Its baseUrl is the mock's. Defaults that differ from createInvent():
   * `apiKey: 'mock-api-key'`, `rateLimit: false` (tests make bursts the real limits would spread out),
   * and retries whose waits are short (`retry: { baseDelayMs: 10, maxDelayMs: 100, minDelayMs: 0,
   * budgetMs: 5000 }`: a Retry-After longer than 5 s fails the call at once). Any of them can be given here.
   */
  client?: InventMockClientOptions;
}

/** A running mock of the Invent API (see `startInventMock`). */
export interface InventMock {
  /** The mock's base URL (`http://127.0.0.1:PORT`): give it to the code under test as Invent's base URL. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** An SDK client already pointed at the mock. */
  readonly client: Invent;
  /** Every call the mock received, oldest first (cleared by `reset()`). */
  readonly requests: readonly RecordedRequest[];
  /** Another client of the mock, e.g. one that asks for a given answer on every call: `mock.createClient({ prefer: { code: 500 } })`. */
  createClient(options?: InventMockClientOptions): Invent;
  /** Headers asking the mock for a given answer on one call: `invent.GET(path, { headers: mock.prefer({ code: 429 }) })`. */
  prefer(preference: MockPreference): {
    /** The `Prefer` header value (`code=429`, `example=NAME`, `dynamic=true`). */
    Prefer: string;
  };
  /** Plays these scenarios, before the ones already there (the last added wins). */
  use(...scenarios: Scenario[]): void;
  /** Forgets recorded calls and scenarios added by `use()`; rewinds the scenarios given at start; returns the stateful fake to its seed. */
  reset(): void;
  /** Stateful mode: the records now, by collection path (`{ '/orgs/c/contacts': [...] }`), a copy. */
  readonly state: StatefulState;
  /** Stateful mode: a copy of the records, for `restore()`. */
  snapshot(): StatefulState;
  /** Stateful mode: puts these records back (a snapshot, or any state of the same shape). */
  restore(state: StatefulState): void;
  /** Stateful mode: the clock timestamps and rate limits read; `mock.clock.advance(60_000)` lets a limit's window pass. */
  readonly clock: MockClock;
  /** Throws a ContractViolationError listing every contract violation among the recorded calls. */
  expectNoViolations(): void;
  /** Stops the mock: closes its connections and frees its port. */
  close(): Promise<void>;
}

/** Every option of `startInventMock()`, spelled once (`satisfies` keeps it in step with the type). */
const MOCK_OPTION_KEYS = Object.keys({
  spec: true,
  port: true,
  host: true,
  validateRequest: true,
  checkSecurity: true,
  proxy: true,
  scenarios: true,
  onViolation: true,
  stateful: true,
  client: true,
} satisfies Record<keyof InventMockOptions, true>);

/** Every option of a mock's client: createInvent's but `baseUrl` (the mock's), and the mock's own. */
const MOCK_CLIENT_OPTION_KEYS = [
  ...CLIENT_OPTION_KEYS.filter((key) => key !== 'baseUrl'),
  ...Object.keys({ prefer: true, throwOnViolation: true } satisfies Record<
    Exclude<keyof InventMockClientOptions, keyof InventOptions>,
    true
  >),
];

/**
 * The harness client retries as the SDK does, but waits briefly between attempts and gives up at once
 * on a long Retry-After (the contract's 429 example asks for 30 s): tests stay fast.
 */
const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 100, minDelayMs: 0, budgetMs: 5_000 };

/** A fetch that turns the mock's refusal of a call (request violations) into a ContractViolationError. */
function refusingFetch(base: ((request: Request) => Promise<Response>) | undefined): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await (base ? base(request) : globalThis.fetch(request));
    if (response.status < 400) return response;
    const errors = requestErrors(parseViolations(response.headers.get(VIOLATIONS_HEADER)));
    if (errors.length === 0) return response;
    await response.body?.cancel().catch(() => undefined);
    const url = new URL(request.url);
    throw new ContractViolationError({
      violations: errors,
      request: `${request.method} ${url.pathname}${url.search}`,
      status: response.status,
    });
  };
}

/**
 * Starts the mock (Prism on the SDK's openapi.json, or `spec`) on a free local port, with request
 * validation and the bearer check on, and returns a client for it. Several can run at once; `close()`
 * frees everything. Works the same in vitest, jest and plain Node.
 */
export async function startInventMock(options: InventMockOptions = {}): Promise<InventMock> {
  checkKnownKeys(options, MOCK_OPTION_KEYS, 'startInventMock()');
  const { client: clientOptions, ...serverOptions } = options;
  const server = await startMockServer(serverOptions);

  function createClient(opts: InventMockClientOptions = {}): Invent {
    checkKnownKeys(opts, MOCK_CLIENT_OPTION_KEYS, 'the mock client');
    const { prefer: preference, throwOnViolation = true, fetch, headers, retry, ...rest } = opts;
    return createInvent({
      apiKey: 'mock-api-key',
      rateLimit: false,
      ...rest,
      retry: { ...FAST_RETRY, ...retry },
      headers: { ...headers, ...(preference ? prefer(preference) : {}) },
      fetch: throwOnViolation && !server.proxy ? refusingFetch(fetch) : fetch,
      baseUrl: server.url,
    });
  }

  const client = createClient(clientOptions);
  const fake = (): StatefulFake => {
    if (!server.stateful) throw new InventConfigError('this needs a stateful mock: startInventMock({ stateful: true })');
    return server.stateful;
  };
  return {
    url: server.url,
    port: server.port,
    client,
    get requests() {
      return server.requests;
    },
    createClient,
    prefer,
    use: (...list) => server.use(...list),
    reset: () => server.reset(),
    get state() {
      return fake().state;
    },
    snapshot: () => fake().snapshot(),
    restore: (state) => fake().restore(state),
    get clock() {
      return fake().clock;
    },
    expectNoViolations() {
      const bad = server.requests.filter((r) => r.violations.some((v) => v.severity === 'Error'));
      if (bad.length === 0) return;
      const errors = bad.flatMap((r) =>
        r.violations.filter((v) => v.severity === 'Error').map((v) => ({ call: `${r.method} ${r.path}`, v })),
      );
      throw new ContractViolationError({
        violations: errors.map((e) => e.v),
        lines: errors.map((e) => `${e.call}: ${formatViolation(e.v)}`),
        request: `${bad.length} of ${server.requests.length} calls to the mock`,
      });
    },
    close: () => server.close(),
  };
}
