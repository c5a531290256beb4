import { withAuth } from './auth.js';
import type { Send } from './types.js';

/** Client options that shape how requests are sent. */
export interface TransportOptions {
  /** A standard `fetch`, to run on another platform or to observe requests. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * The SDK's own fetch chain, passed to openapi-fetch: every attempt of every call goes through it.
 * Layers, outermost first: auth -> the platform fetch.
 */
export function buildTransport(options: TransportOptions & { apiKey: string | undefined }): Send {
  const platformFetch: Send = options.fetch ? (request) => options.fetch!(request) : (request) => globalThis.fetch(request);
  return withAuth(platformFetch, options.apiKey);
}

export type { CallOptions, RequestContext, Send } from './types.js';
