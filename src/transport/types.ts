import type { CallOptions } from '../call-options.js';
import type { CallMeta } from '../contract/types.js';
import type { OutgoingRequest } from './outgoing.js';

export type { CallOptions } from '../call-options.js';

/**
 * What the transport reports about a call that ended with a response, for the error built from it:
 * how many requests were sent and whether the last one may have been applied.
 */
export interface CallState {
  attempts: number;
  outcomeUnknown: boolean;
  /** Why a request that may have been applied was not retried, or that it is safe to send again. */
  outcomeNote?: string;
  /** The wait the last response asked for (Retry-After / retry-after-ms), in milliseconds. */
  retryAfterMs?: number;
  /** The last response the transport handed back. */
  response?: Response;
}

/** What the transport knows about one call: which operation it is and the caller's per-call options. */
export interface RequestContext {
  /** The operation from generated/operations.ts, when the path and method match one. */
  readonly operation: CallMeta | undefined;
  /** The resource method (`contacts.list`), or `METHOD /path/template` for a call outside the contract: for messages and logs. */
  readonly label: string;
  /** The path template as called, e.g. `/orgs/{org_id}/assistants`. */
  readonly path?: string;
  /** The organization the call is made for (after `orgId` defaulting). */
  readonly orgId: string | undefined;
  readonly call: CallOptions;
  /** True when the caller reads the body as a stream (`parseAs: 'stream'`): the transport does not buffer it. */
  readonly streaming?: boolean;
  /** Filled in by the transport. */
  readonly state: CallState;
}

/** Sends one request and resolves with its response. Each transport layer wraps the next. */
export type Send = (request: OutgoingRequest, context: RequestContext) => Promise<Response>;
