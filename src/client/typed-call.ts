/**
 * The types of the typed calls (`invent.GET(path, init)`, ..., and `invent.raw.*`), declared here
 * rather than borrowed from openapi-fetch: its `Client<paths>` types compute over the whole contract
 * (every path, every method) as soon as a program imports the SDK. These are evaluated only for the
 * path a call names, and the accepted paths are lists written out by the generator (`PathsByMethod`,
 * `PathsWithoutInit`): no conditional type over every path for the checker to resolve.
 *
 * They accept what openapi-fetch's do (`params`, `body`, `headers`, `parseAs`, serializers and the
 * other `RequestInit` fields) plus the SDK's per-call options, and nothing else: a misspelt option is
 * a compile error.
 */
import type { PathsByMethod, PathsWithoutInit } from '../../generated/resources.js';
import type { CallOptions } from '../call-options.js';
import type { paths } from '../../generated/schema.js';
import type { OrgOptionalOperation } from '../contract/paths.js';

/** The lower-case HTTP methods of the typed calls. */
export type HttpMethod = keyof PathsByMethod;

/** How a typed call reads a success body (openapi-fetch's `parseAs`). */
export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

/** One operation's types, `org_id` optional: `InventPaths['/orgs/{org_id}/contacts']['get']`. */
export type TypedOperation<P extends PathsByMethod[M], M extends HttpMethod> = OrgOptionalOperation<paths[P][M & keyof paths[P]]>;

/** The statuses whose body is a call's `data`. */
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | '2XX';
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;
type SuccessBody<R> = { [S in keyof R]: S extends OkStatus ? ContentOf<R[S]> : never }[keyof R];
type ErrorBody<R> = { [S in keyof R]: S extends OkStatus ? never : ContentOf<R[S]> }[keyof R];

/** The success body of an operation as `parseAs` reads it. */
export type TypedData<O, As extends ParseAs> = As extends 'text'
  ? string
  : As extends 'blob'
    ? Blob
    : As extends 'arrayBuffer'
      ? ArrayBuffer
      : As extends 'stream'
        ? Response['body']
        : SuccessBody<ResponsesOf<O>>;

/** The error body of an operation (any status but a success). */
export type TypedError<O> = ErrorBody<ResponsesOf<O>>;

type ParamsInit<O> = O extends { parameters: infer Params }
  ? {} extends Params
    ? { params?: Params }
    : { params: Params }
  : { params?: never };
type BodyInit<O> = O extends { requestBody?: never }
  ? { body?: never }
  : O extends { requestBody: { content: infer C } }
    ? { body: C[keyof C] }
    : O extends { requestBody?: { content: infer C } }
      ? { body?: C[keyof C] }
      : { body?: never };

/** Headers of one call (`null` or `undefined` unsets a default header). */
export type TypedHeaders =
  | HeadersInit
  | Record<string, string | number | boolean | ReadonlyArray<string | number | boolean> | null | undefined>;

/** What a typed call takes besides `params` and `body`: the `RequestInit` fields, openapi-fetch's and the SDK's options. */
export interface TypedCallOptions extends CallOptions {
  /** Headers for this call only. */
  headers?: TypedHeaders;
  /** Aborts the call (every attempt). */
  signal?: AbortSignal | null;
  /** Turns the query object into a string (the SDK's serializer by default). */
  querySerializer?: ((query: Record<string, unknown>) => string) | Record<string, unknown>;
  /** Turns the body into what is sent (JSON by default). */
  bodySerializer?: (body: any) => any;
  /** How to read a success body; `json` by default. */
  parseAs?: ParseAs;
  cache?: RequestCache;
  credentials?: RequestCredentials;
  integrity?: string;
  keepalive?: boolean;
  mode?: RequestMode;
  priority?: 'high' | 'low' | 'auto';
  referrer?: string;
  referrerPolicy?: ReferrerPolicy;
}

/** The `init` of a typed call of operation `O`. */
export type TypedInit<O, As extends ParseAs = 'json'> = ParamsInit<O> & BodyInit<O> & TypedCallOptions & { parseAs?: As };

/** What a typed call resolves with: the parsed body, the raw response and its request id. */
export interface TypedResult<Data> {
  /** The parsed response body. */
  data: NonNullable<Data>;
  /** The raw response (status, headers). */
  response: Response;
  /** The request id the response carried, for Invent's support. */
  requestId: string | undefined;
}

/**
 * A typed call that throws an InventError on failure and resolves with the parsed body, the raw
 * response and its request id. Two signatures rather than one with a conditional rest parameter:
 * `init` may be left out for the paths listed in `PathsWithoutInit` (nothing in it is required); the
 * checker never has to compute the init of every path to know which.
 */
export interface InventMethod<M extends HttpMethod> {
  <P extends PathsWithoutInit[M], As extends ParseAs = 'json'>(
    url: P,
    init?: TypedInit<TypedOperation<P, M>, As>,
  ): Promise<TypedResult<TypedData<TypedOperation<P, M>, As>>>;
  <P extends PathsByMethod[M], As extends ParseAs = 'json'>(
    url: P,
    init: TypedInit<TypedOperation<P, M>, As>,
  ): Promise<TypedResult<TypedData<TypedOperation<P, M>, As>>>;
}

/** What a raw call resolves with: openapi-fetch's `{ data, error, response }`. */
export type RawResult<O, As extends ParseAs = 'json'> =
  | { data: TypedData<O, As>; error?: never; response: Response }
  | { data?: never; error: TypedError<O>; response: Response };

/** A typed call in openapi-fetch's shape: it resolves with `{ data, error, response }` instead of throwing on an error status. */
export interface RawMethod<M extends HttpMethod> {
  <P extends PathsWithoutInit[M], As extends ParseAs = 'json'>(
    url: P,
    init?: TypedInit<TypedOperation<P, M>, As>,
  ): Promise<RawResult<TypedOperation<P, M>, As>>;
  <P extends PathsByMethod[M], As extends ParseAs = 'json'>(
    url: P,
    init: TypedInit<TypedOperation<P, M>, As>,
  ): Promise<RawResult<TypedOperation<P, M>, As>>;
}

/** `invent.raw`: the typed calls that do not throw on an error status. */
export interface RawCalls {
  GET: RawMethod<'get'>;
  PUT: RawMethod<'put'>;
  POST: RawMethod<'post'>;
  DELETE: RawMethod<'delete'>;
  PATCH: RawMethod<'patch'>;
}
