import { packageFile } from './package-files.js';
import { importPeer, PRISM_PEERS } from './peer.js';

/** Options of `startPrismServer()` (and of the mocks built on it). */
export interface PrismServerOptions {
  /** An OpenAPI document (object) or a path to one. Defaults to the SDK's own openapi.json. */
  spec?: string | object;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Validate requests against the contract (Prism answers 422/400 with `sl-violations`). Default true. */
  validateRequest?: boolean;
  /** Check the bearer token is present (401 without it). Default true. */
  checkSecurity?: boolean;
  /**
   * Proxy mode: forward every call to this upstream (`https://api.useinvent.com`) instead of mocking,
   * validating the request and the upstream's response against the contract. Violations are reported
   * in `sl-violations`, never block the call.
   */
  proxy?: string;
}

/** Prism, running in this process on the contract (see `startPrismServer`). */
export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The contract's operations as Prism parsed them (method, path template, operationId as `iid`). */
  readonly operations: ReadonlyArray<{
    method: string;
    path: string;
    iid?: string;
  }>;
  /** Stops the server and frees its port. */
  close(): Promise<void>;
}

/** What needs Prism, for the message when it is not installed. */
const FEATURE = 'The Invent API mock (startInventMock, startPrismServer, invent-mock)';

type Operations = Awaited<ReturnType<typeof import('@stoplight/prism-http')['getHttpOperationsFromSpec']>>;

/** Parsed contracts, by path (or document object): several mocks in one process parse a spec once. */
const parsedByPath = new Map<string, Promise<Operations>>();
const parsedByObject = new WeakMap<object, Promise<Operations>>();

async function loadOperations(spec: string | object): Promise<Operations> {
  const cached = typeof spec === 'string' ? parsedByPath.get(spec) : parsedByObject.get(spec);
  if (cached) return cached;
  const parsing = importPeer(FEATURE, PRISM_PEERS, () => import('@stoplight/prism-http')).then(({ getHttpOperationsFromSpec }) =>
    getHttpOperationsFromSpec(spec as string),
  );
  if (typeof spec === 'string') parsedByPath.set(spec, parsing);
  else parsedByObject.set(spec, parsing);
  parsing.catch(() => (typeof spec === 'string' ? parsedByPath.delete(spec) : parsedByObject.delete(spec)));
  return parsing;
}

/**
 * Starts Stoplight Prism in this process, serving the contract with its examples. Prism is imported
 * here, on first use, so programs that never start a mock never load it.
 */
export async function startPrismServer(options: PrismServerOptions = {}): Promise<PrismServer> {
  const [{ createServer }, { createLogger }, operations] = await Promise.all([
    importPeer(FEATURE, PRISM_PEERS, () => import('@stoplight/prism-http-server')),
    importPeer(FEATURE, PRISM_PEERS, () => import('@stoplight/prism-core')),
    loadOperations(options.spec ?? packageFile('openapi.json')),
  ]);
  const logger = createLogger('invent-mock', { level: 'silent' });
  const common = {
    validateRequest: options.validateRequest ?? true,
    checkSecurity: options.checkSecurity ?? true,
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const server = createServer(operations, {
    cors: true,
    components: { logger },
    config: options.proxy
      ? { ...common, isProxy: true, upstream: new URL(options.proxy), validateResponse: true }
      : { ...common, isProxy: false, validateResponse: false },
  });
  const host = options.host ?? '127.0.0.1';
  const bound = new URL(await server.listen(options.port ?? 0, host));
  const port = Number(bound.port);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    operations,
    close: () => server.close(),
  };
}
