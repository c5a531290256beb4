/**
 * invent-sdk/testing: a mock of the Invent API for tests, served by Prism from the SDK's contract.
 * Loaded only by programs that import it: the main entry point never pulls Prism in.
 */
import { createInvent, type Invent, type InventOptions } from '../client/create-invent.js';
import { startPrismServer, type PrismServerOptions } from './prism-server.js';

export { startPrismServer, type PrismServer, type PrismServerOptions } from './prism-server.js';

export interface InventMockOptions extends PrismServerOptions {
  /** Options for the client pointed at the mock (its baseUrl and apiKey are set for you). */
  client?: Omit<InventOptions, 'baseUrl'>;
}

export interface InventMock {
  /** The mock's base URL. */
  readonly url: string;
  /** An SDK client already pointed at the mock. */
  readonly client: Invent;
  /** Stops the mock and frees its port. */
  close(): Promise<void>;
}

/** Starts the mock on a free local port and returns a client for it. */
export async function startInventMock(options: InventMockOptions = {}): Promise<InventMock> {
  const server = await startPrismServer(options);
  const client = createInvent({ apiKey: 'mock-api-key', ...options.client, baseUrl: server.url });
  return { url: server.url, client, close: () => server.close() };
}
