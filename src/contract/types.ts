/**
 * The operation-metadata format: what scripts/generate.ts records about each operation of the
 * contract and what the client reads at run time. generated/ holds the data; these are its types.
 */

/** An HTTP method of the contract's operations. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A documented rate limit: at most `limit` requests per `windowSeconds`, counted per IP, per org, or (scope unset) as the docs leave it. */
export interface RateLimitGroup {
  /** The most requests in any window. */
  readonly limit: number;
  /** The window's length, in seconds. */
  readonly windowSeconds: number;
  /** Who shares the budget: `ip`, `org`, or unset when the docs do not say. */
  readonly scope?: string;
}

/** What a call needs to know about its operation: the contract, with the SDK's config (invent.config.ts) laid over it. */
export interface CallMeta {
  readonly method: HttpMethod;
  /** The path template, e.g. `/orgs/{org_id}/contacts`. */
  readonly path: string;
  /** The resource method name, e.g. `contacts.list` (the config's `name`, or the naming rule's). */
  readonly sdkMethod: string | null;
  /** Safe to send again when the outcome of an attempt is unknown (the config's `idempotent`, else GET, PUT and DELETE). */
  readonly idempotent: boolean;
  /** The rate-limit groups the call counts against (the config's `rateLimits`). */
  readonly rateLimits: readonly string[];
  /** Path parameters in template order. */
  readonly pathParams: readonly string[];
  /** Page/take pagination (the config's `pagination`); null when the call is not a list. */
  readonly pagination: {
    /** `page`: the `page` and `take` query parameters, with `pagination-*` response headers. */
    readonly style: 'page';
    /** The largest `take` (page size) the operation accepts. */
    readonly maxTake: number;
  } | null;
  /** The request body's media type and whether it is required; null when the call takes no body. */
  readonly body: {
    /** The media type the body is sent as (`application/json`, `multipart/form-data`, ...). */
    readonly mediaType: string;
    /** Whether the operation requires a body. */
    readonly required: boolean;
  } | null;
  /** Whether the call needs the bearer token: OpenAPI's `security` rule (the operation's, else the document's; none or `[]` is public), unless the config says otherwise. */
  readonly auth: boolean;
}

/** What the SDK knows about one operation of the contract: what a call needs, its operationId and its tag. */
export interface OperationMeta extends CallMeta {
  /** The contract's operationId, for information only: the SDK names operations by method and path. */
  readonly operationId: string | null;
  /** The operation's first tag in the contract (its resource family). */
  readonly tag: string;
}

/** The argument rules of one resource method, as generated/resources.ts records them (a rule's format: ./rules.ts). */
export interface ResourceData {
  /** Query parameter rules; their names are the keys of `params` that go to the query string. */
  readonly q?: readonly string[];
  /** Header parameter rules. */
  readonly h?: readonly string[];
  /** Rules for top-level body fields. */
  readonly b?: readonly string[];
  /** Sets of body fields of which at least one must be given in full (`[["email"], ["phone"]]`). */
  readonly oneOf?: ReadonlyArray<readonly string[]>;
  /** The body is passed whole as `params.body` (it is not an object, or a field shares a parameter's name). */
  readonly whole?: 'required' | 'optional';
  /** How to read a non-JSON success response. */
  readonly parse?: 'text' | 'blob';
  /** Not generated: a slot kept for a hand-written method (e.g. `inbox.connect`, a WebSocket). */
  readonly reserved?: string;
}
