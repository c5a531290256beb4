/**
 * The composition root and the core client. `createCoreClient` builds the typed calls on one request
 * path (transport, errors, secrets kept out of them); `createInvent` resolves the options, builds the
 * core, then attaches the resource namespaces and the extensions handed to it (the inbox WebSocket,
 * the transactional-broadcast helpers). The features see the core only through ./types.ts.
 */
import createClient from 'openapi-fetch';
import { splitCallOptions } from '../call-options.js';
import { findOperation, labelOf } from '../contract/lookups.js';
import type { InventPaths } from '../contract/paths.js';
import type { CallMeta } from '../contract/types.js';
import { InvalidResponseError, InventApiError, InventValidationError, requestIdOf } from '../errors.js';
import { buildTransport } from '../transport/index.js';
import { redact } from '../transport/logger.js';
import { OutgoingRequest } from '../transport/outgoing.js';
import type { CallState, RequestContext } from '../transport/types.js';
import type { BroadcastsResource, InboxResource, InventResources } from '../../generated/resources.js';
import type { Paginate } from '../pagination/paginate.js';
import { attachResources } from '../resources/build.js';
import { type InboxConnectMethod, inboxConnect } from '../inbox/attach.js';
import { broadcastExtensions, type TransactionalMethods } from '../broadcasts/attach.js';
import { isBrowserPage } from '../internal/runtime.js';
import { type ClientConfig, resolveConfig } from './config.js';
import { checkHeaders } from './check-options.js';
import { fillPath } from './path-params.js';
import { serializeQuery } from './query.js';
import type { HttpMethod } from './typed-call.js';
import type { CoreClient, InventOptions } from './types.js';
import { userAgentHeader } from './user-agent.js';

export type { InventMethod, InventOptions } from './types.js';

/** Takes the key out of an error (loaded on the error path only, to keep it out of what loads at start). */
async function scrubbed(error: unknown, secrets: readonly string[]): Promise<unknown> {
  if (secrets.length === 0) return error;
  const { scrubError } = await import('./scrub-error.js');
  return scrubError(error, secrets);
}

/** `invent.broadcasts`: the generated REST methods and the transactional helpers. */
export interface InventBroadcasts extends BroadcastsResource, TransactionalMethods {}

/** `invent.inbox`: the generated REST methods and the WebSocket's `connect`. */
export interface InventInbox extends InboxResource, InboxConnectMethod {}

/**
 * The resource namespaces, the hand-written methods included. Composed here (not merged into the
 * generated interfaces by `declare module`) so that bundled declarations carry them.
 */
export interface InventNamespaces extends Omit<InventResources, 'broadcasts' | 'inbox'> {
  readonly broadcasts: InventBroadcasts;
  readonly inbox: InventInbox;
}

/** The client: typed calls (`GET`, `POST`, ...), resource methods (`invent.contacts.list()`, ...) and `paginate`. */
export interface Invent extends InventNamespaces, CoreClient {
  /** Walks a paginated GET of the typed calls: `for await (const c of invent.paginate('/orgs/{org_id}/contacts'))`. */
  paginate: Paginate;
}

/**
 * Creates a client of the Invent API: typed calls (`invent.GET(...)`), resource methods
 * (`invent.contacts.list()`), `paginate`, and `inbox.connect()`, on one request path with retries,
 * rate limiting, timeouts and typed errors. Throws an InventConfigError for options that cannot work
 * (an insecure base URL, a bad retry setting, a browser without `dangerouslyAllowBrowser`).
 */
export function createInvent(options: InventOptions = {}): Invent {
  const config = resolveConfig(options);
  const core = createCoreClient(config);
  return attachResources(core, { 'inbox.connect': inboxConnect(config.apiKey), ...broadcastExtensions }) as unknown as Invent;
}

const NO_INIT: Record<string, any> = Object.freeze({});

/** The typed calls on the SDK's request path, for options `resolveConfig` has checked. */
export function createCoreClient(config: ClientConfig): CoreClient {
  const { baseUrl, orgId, apiKey } = config;
  const send = buildTransport(config);
  const secrets = apiKey ? [apiKey] : [];
  const defaultHeaders = { ...userAgentHeader(isBrowserPage()), ...config.headers };
  const client = createClient<InventPaths>({
    baseUrl,
    // Plain request data instead of a platform Request: the platform fetch builds the only one.
    Request: OutgoingRequest as unknown as typeof Request,
    headers: defaultHeaders,
    pathSerializer: fillPath,
    querySerializer: serializeQuery,
  });

  /** What a call needs to know about its route, found once per method and path template. */
  const routes = new Map<string, { operation: CallMeta | undefined; label: string; contentType: string | undefined }>();
  function routeOf(verb: string, url: string) {
    const key = `${verb} ${url}`;
    let route = routes.get(key);
    if (!route) {
      const operation = findOperation(verb, url);
      const mediaType = operation?.body?.mediaType as string | undefined;
      // openapi-fetch sets JSON itself; FormData bodies get their boundary from the platform.
      const contentType = mediaType && mediaType !== 'multipart/form-data' ? mediaType : undefined;
      route = { operation, label: labelOf(verb, url, operation), contentType };
      routes.set(key, route);
    }
    return route;
  }

  /**
   * The call being sent. openapi-fetch calls its `fetch` synchronously from inside `GET(...)`, so one
   * shared fetch picks the call up here instead of a closure per call.
   */
  let sending: RequestContext | undefined;
  const fetchSending = (request: Request): Promise<Response> => send(request as unknown as OutgoingRequest, sending!);
  /** `params` of a call that names no path parameters: the default organization, shared (openapi-fetch only reads it). */
  const defaultParams = { path: { org_id: orgId } };

  async function failed(error: unknown, context: RequestContext): Promise<never> {
    // openapi-fetch parses a success body itself: a body that is not JSON surfaces here.
    const response = context.state.response;
    if (error instanceof SyntaxError && response) {
      throw await scrubbed(
        new InvalidResponseError({
          operation: context.label,
          status: response.status,
          headers: response.headers,
          detail: error.message,
          attempts: context.state.attempts,
          cause: error,
        }),
        secrets,
      );
    }
    // Whatever the server or a proxy echoed (a body, a header, a Location) loses the key here.
    throw await scrubbed(error, secrets);
  }

  /** Starts a call: its context (what the transport reports) beside openapi-fetch's untouched result. */
  function startCall(method: HttpMethod) {
    const verb = method.toUpperCase() as Uppercase<HttpMethod>;
    const clientCall = client[verb] as (u: string, i: unknown) => Promise<any>;
    return (url: string, given: Record<string, any> = NO_INIT): { context: RequestContext; result: Promise<any> } => {
      const { init, call } = splitCallOptions(given);
      const { operation, label, contentType } = routeOf(verb, url);
      const givenParams = init.params;
      const params =
        givenParams == null
          ? defaultParams
          : givenParams.path && 'org_id' in givenParams.path
            ? givenParams
            : { ...givenParams, path: { org_id: orgId, ...givenParams.path } };
      const state: CallState = { attempts: 0, outcomeUnknown: false };
      const context: RequestContext = {
        operation,
        label,
        path: url,
        orgId: params.path.org_id,
        call,
        streaming: init.parseAs === 'stream',
        state,
      };
      checkHeaders(init.headers, `${label} { headers }`, InventValidationError);
      checkHeaders(givenParams?.header, `${label} { params.header }`, InventValidationError);
      let headers = init.headers as HeadersInit | undefined;
      // openapi-fetch sets `Content-Type: application/json` itself for a JSON body.
      if (headers !== undefined || (contentType && contentType !== 'application/json')) {
        headers = new Headers(headers);
        if (contentType && !headers.has('Content-Type')) headers.set('Content-Type', contentType);
      }
      sending = context;
      let result: Promise<any>;
      try {
        result = clientCall(url, {
          ...init,
          params,
          headers,
          redirect: 'manual',
          fetch: fetchSending,
        });
      } finally {
        sending = undefined;
      }
      return { context, result: result.then(undefined, (error: unknown) => failed(error, context)) };
    };
  }

  function rawCall(method: HttpMethod) {
    const start = startCall(method);
    return (url: string, init?: Record<string, any>) => start(url, init).result;
  }

  function throwingCall(method: HttpMethod) {
    const start = startCall(method);
    return async (url: string, init?: Record<string, unknown>) => {
      const { context, result } = start(url, init);
      const { data, error, response } = await result;
      const { attempts, outcomeUnknown, outcomeNote, retryAfterMs } = context.state;
      if (!response.ok)
        throw await scrubbed(
          InventApiError.from(response, error, context.label, {
            attempts,
            outcomeUnknown,
            outcomeNote,
            retryAfterMs,
            redact: (text) => redact(text, secrets),
          }),
          secrets,
        );
      return { data, response, requestId: requestIdOf(response.headers) };
    };
  }

  const methods: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];
  const raw = Object.fromEntries(methods.map((m) => [m.toUpperCase(), rawCall(m)]));
  const throwing = Object.fromEntries(methods.map((m) => [m.toUpperCase(), throwingCall(m)]));
  return { orgId, baseUrl, ...throwing, raw } as unknown as CoreClient;
}
