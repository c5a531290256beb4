import { packageFile } from './package-files.js';

export interface PrismServerOptions {
  /** An OpenAPI document (object) or a path to one. Defaults to the SDK's own openapi.json. */
  spec?: string | object;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Validate requests against the contract (Prism answers 422/400 with `sl-violations`). Default true. */
  validateRequest?: boolean;
  /** Check the bearer token is present (401 without it). Default true. */
  checkSecurity?: boolean;
}

export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts Stoplight Prism in this process, serving the contract with its examples. Prism is imported
 * here, on first use, so programs that never start a mock never load it.
 */
export async function startPrismServer(options: PrismServerOptions = {}): Promise<PrismServer> {
  const [{ getHttpOperationsFromSpec }, { createServer }, { createLogger }] = await Promise.all([
    import('@stoplight/prism-http'),
    import('@stoplight/prism-http-server'),
    import('@stoplight/prism-core'),
  ]);
  const operations = await getHttpOperationsFromSpec(options.spec ?? packageFile('openapi.json'));
  const logger = createLogger('invent-mock', { level: 'silent' });
  const server = createServer(operations, {
    cors: true,
    components: { logger },
    config: {
      isProxy: false,
      validateRequest: options.validateRequest ?? true,
      validateResponse: false,
      checkSecurity: options.checkSecurity ?? true,
      errors: false,
      upstreamProxy: undefined,
      mock: { dynamic: false },
    },
  });
  const host = options.host ?? '127.0.0.1';
  const bound = new URL(await server.listen(options.port ?? 0, host));
  const port = Number(bound.port);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => server.close(),
  };
}
