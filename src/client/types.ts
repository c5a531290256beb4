/**
 * The core client as the features built on it see it: its options, its typed calls and the raw
 * calls. Broadcasts, the inbox and pagination depend on these types, never on the composition root
 * (./create-invent.ts), so nothing the root attaches imports it back.
 */
import type { TransportOptions } from '../transport/index.js';
import type { InventMethod, RawCalls } from './typed-call.js';

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

export type { InventMethod };

/** The core client: typed calls (`GET`, `POST`, ...) and their raw form, before resources and extensions are attached. */
export interface CoreClient {
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
  readonly raw: RawCalls;
}
