import createClient, { type Client, defaultBodySerializer, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { InvalidResponseError, InventApiError, InventConfigError, InventValidationError, requestIdOf } from '../errors.js';
import { buildTransport, type TransportOptions } from '../transport/index.js';
import { redact } from '../transport/logger.js';
import { CALL_OPTION_KEYS, type CallOptions, type CallState, type RequestContext } from '../transport/types.js';
import type { CallMeta } from '../../generated/operations.js';
import { readEnv } from '../env.js';
import { resolveBaseUrl } from './base-url.js';
import { checkApiKey, checkHeaders } from './check-options.js';
import { serializeQuery } from './query.js';

/** Takes the key out of an error (loaded on the error path only, to keep it out of what loads at start). */
async function scrubbed(error: unknown, secrets: readonly string[]): Promise<unknown> {
  if (secrets.length === 0) return error;
  const { scrubError } = await import('./scrub-error.js');
  return scrubError(error, secrets);
}
import { userAgentHeader } from './user-agent.js';
import { findOperation, labelOf } from './operation-index.js';
import { fillPath } from './path-params.js';
import type { InventPaths } from './paths.js';
import type { BroadcastsResource, InboxResource, InventResources } from '../../generated/resources.js';
import type { Paginate } from '../pagination/paginate.js';
import { attachResources } from '../resources/build.js';
import { type InboxConnectMethod, inboxConnect } from '../inbox/attach.js';
import { broadcastExtensions, type TransactionalMethods } from '../broadcasts/attach.js';

export interface InventOptions extends TransportOptions {
  /** The API key (Settings, API Keys). Defaults to the `INVENT_API_KEY` environment variable where the runtime has one. */
  apiKey?: string;
  /** Defaults to the `INVENT_BASE_URL` environment variable, else `https://api.useinvent.com`. Plain `http://` is refused unless the host is local. */
  baseUrl?: string;
  /** Fills every `{org_id}`. Defaults to `'c'`, the organization the key was issued for. */
  orgId?: string;
  /** Headers sent with every request (beside `User-Agent: invent-sdk/<version>`, which one of these can replace). */
  headers?: Record<string, string>;
  /**
   * Lets the client run in a web browser. Off by default, and `createInvent()` throws an
   * InventConfigError in a browser without it: an Invent API key grants full access to its
   * organization, and a key shipped in a web page can be read by anyone who loads the page. Call the
   * API from a server instead; set this only when that risk is accepted (an internal tool, a test
   * organization's key). Node, Deno, Bun and edge workers are not browsers and need no opt-in.
   */
  dangerouslyAllowBrowser?: boolean;
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type OperationOf<T> = T extends Record<string | number, any> ? T : never;
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & CallOptions & { [key: string]: unknown })?]
    : [Init & CallOptions & { [key: string]: unknown }];

/** A typed call that throws an InventError on failure and resolves with the parsed body, the raw response and its request id. */
export type InventMethod<M extends Method> = <
  Path extends PathsWithMethod<InventPaths, M>,
  Init extends MaybeOptionalInit<InventPaths[Path], M>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<{
  /** The parsed response body. */
  data: NonNullable<FetchResponse<OperationOf<InventPaths[Path][M]>, Init, MediaType>['data']>;
  /** The raw response (status, headers). */
  response: Response;
  /** The request id the response carried, for Invent's support. */
  requestId: string | undefined;
}>;

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
export interface Invent extends InventNamespaces {
  /** The organization filled into `{org_id}` when a call does not name one. */
  readonly orgId: string;
  /** The API's base URL, normalised (no trailing slash). */
  readonly baseUrl: string;
  /** `GET` a path of the contract: `invent.GET('/orgs/{org_id}/contacts', { params: { query: { take: 20 } } })`. */
  GET: InventMethod<'get'>;
  /** `PUT` a path of the contract, with its typed `body`. */
  PUT: InventMethod<'put'>;
  /** `POST` to a path of the contract, with its typed `body`. */
  POST: InventMethod<'post'>;
  /** `DELETE` a path of the contract. */
  DELETE: InventMethod<'delete'>;
  /** `PATCH` a path of the contract, with its typed `body`. */
  PATCH: InventMethod<'patch'>;
  /** The same calls in openapi-fetch's shape: they resolve with `{ data, error, response }` instead of throwing on an error status. */
  readonly raw: Pick<Client<InventPaths>, 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH'>;
  /** Walks a paginated GET of the typed calls: `for await (const c of invent.paginate('/orgs/{org_id}/contacts'))`. */
  paginate: Paginate;
}

const NO_INIT: Record<string, any> = Object.freeze({});
const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/** A browser page (not Node, Deno, Bun or an edge worker): the globals `window` and `document` both exist. */
function inBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/**
 * Creates a client of the Invent API: typed calls (`invent.GET(...)`), resource methods
 * (`invent.contacts.list()`), `paginate`, and `inbox.connect()`, on one request path with retries,
 * rate limiting, timeouts and typed errors. Throws an InventConfigError for options that cannot work
 * (an insecure base URL, a bad retry setting, a browser without `dangerouslyAllowBrowser`).
 */
export function createInvent(options: InventOptions = {}): Invent {
  if (inBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw new InventConfigError(
      'createInvent() refuses to run in a browser: an Invent API key grants full access to its organization, and a key in a web page can be read by anyone who loads it. Call the API from your server, or pass { dangerouslyAllowBrowser: true } if you accept that risk.',
    );
  }
  const baseUrl = resolveBaseUrl(options.baseUrl ?? readEnv('INVENT_BASE_URL'));
  const orgId = options.orgId ?? 'c';
  const apiKey = checkApiKey(options.apiKey ?? readEnv('INVENT_API_KEY'));
  checkHeaders(options.headers, 'createInvent({ headers })');
  const send = buildTransport({ ...options, baseUrl, apiKey });
  const secrets = apiKey ? [apiKey] : [];
  const defaultHeaders = { ...userAgentHeader(inBrowser()), ...options.headers };
  const client = createClient<InventPaths>({
    baseUrl,
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
   * The call being sent. openapi-fetch serializes the body and calls its `fetch` synchronously from
   * inside `GET(...)`, so one shared serializer and one shared fetch pick the call up here instead of
   * two closures per call.
   */
  let sending: RequestContext | undefined;
  const fetchSending = (request: Request): Promise<Response> => send(request, sending!);
  // The serialized body is kept so that a retry can rebuild the request instead of cloning every one.
  // The runtime takes the headers (for form-urlencoded bodies); its types omit them.
  const serializeKeeping = (body: unknown, bodyHeaders?: Headers | Record<string, string>): BodyInit => {
    const serialized = (defaultBodySerializer as (b: unknown, h?: unknown) => BodyInit)(body, bodyHeaders);
    sending!.state.replayBody = serialized;
    return serialized;
  };
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

  function rawCall(method: Method) {
    const verb = method.toUpperCase() as Uppercase<Method>;
    const clientCall = client[verb] as (u: string, i: unknown) => Promise<any>;
    return async (url: string, init: Record<string, any> = NO_INIT) => {
      // Copied only when it carries the SDK's own per-call options, which openapi-fetch must not see.
      let call: CallOptions = NO_CALL_OPTIONS;
      if ('maxRetries' in init || 'timeout' in init || 'maxResponseBytes' in init) {
        init = { ...init };
        call = {};
        for (const key of CALL_OPTION_KEYS) {
          if (key in init) call[key] = init[key];
          delete init[key];
        }
      }
      const { operation, label, contentType } = routeOf(verb, url);
      const given = init.params;
      const params =
        given == null ? defaultParams : given.path && 'org_id' in given.path ? given : { ...given, path: { org_id: orgId, ...given.path } };
      const state: CallState = { attempts: 0, outcomeUnknown: false };
      const context: RequestContext = {
        operation,
        label,
        path: url,
        orgId: params.path.org_id,
        call,
        streaming: init.parseAs === 'stream',
        abortable: init.signal != null,
        state,
      };
      checkHeaders(init.headers, `${label} { headers }`, InventValidationError);
      checkHeaders(given?.header, `${label} { params.header }`, InventValidationError);
      let headers = init.headers as HeadersInit | undefined;
      // openapi-fetch sets `Content-Type: application/json` itself for a JSON body.
      if (headers !== undefined || (contentType && contentType !== 'application/json')) {
        headers = new Headers(headers);
        if (contentType && !headers.has('Content-Type')) headers.set('Content-Type', contentType);
      }
      sending = context;
      const pending = clientCall(url, {
        ...init,
        params,
        headers,
        bodySerializer: init.body === undefined || init.bodySerializer ? init.bodySerializer : serializeKeeping,
        redirect: 'manual',
        fetch: fetchSending,
      });
      sending = undefined;
      let result;
      try {
        result = await pending;
      } catch (error) {
        return failed(error, context);
      }
      result.context = context;
      return result;
    };
  }

  function throwingCall(method: Method) {
    const call = rawCall(method);
    return async (url: string, init?: Record<string, unknown>) => {
      const { data, error, response, context } = await call(url, init);
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

  const methods: Method[] = ['get', 'put', 'post', 'delete', 'patch'];
  const raw = Object.fromEntries(methods.map((m) => [m.toUpperCase(), rawCall(m)]));
  const throwing = Object.fromEntries(methods.map((m) => [m.toUpperCase(), throwingCall(m)]));
  const base = { orgId, baseUrl, ...throwing, raw } as unknown as Omit<Invent, keyof InventResources | 'paginate'>;
  return attachResources(base, { 'inbox.connect': inboxConnect(apiKey), ...broadcastExtensions }) as unknown as Invent;
}
