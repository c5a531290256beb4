/** The public shapes of an inbox connection: what it needs, what it reports, and its interface. */
import type { InventError } from '../errors.js';
import type { InboxEvent, InboxEventOf, InboxEventType } from './events.js';

/** What `connectInbox` needs from the client it belongs to. `invent.inbox.connect` fills these in. */
export interface InboxDeps {
  /** The client's base URL (`https://api.useinvent.com`); `https` becomes `wss`, `http` (local hosts only) `ws`. */
  baseUrl: string;
  /** The client's API key, sent as `Authorization: Bearer <key>` on the upgrade. */
  apiKey: string | undefined;
  /** The client's organization, used unless the options name another. */
  orgId: string;
  /**
   * One page of `GET /orgs/{org_id}/inbox` (getOrgInboxChats), for reconciliation after a reconnect.
   * Should reject with an error carrying `status` (an InventApiError) on an error response.
   * `serverTime` is the answer's `Date` header in ms: the server's clock, which the cutoff is taken on.
   */
  listInboxChats(args: {
    orgId: string;
    page: number;
    take: number;
    signal?: AbortSignal;
  }): Promise<{ items: unknown[]; serverTime?: number }>;
}

/** Why a socket was lost. */
export type InboxDisconnect =
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'upgrade-refused'; status: number }
  | { kind: 'stale'; silentMs: number }
  | { kind: 'connect-timeout'; timeoutMs: number };

/** A well-formed frame whose `type` the SDK's model does not know. */
export interface InboxUnknownFrame {
  type: string;
  data: Record<string, unknown>;
}

export interface InboxReconcileInfo {
  /** The cutoff: chats with activity after this were checked (ISO time). */
  since: string;
  /** Pages read. */
  pages: number;
  /** `chat.updated` events emitted with `reconciled: true`. */
  emitted: number;
  /** True when `maxPages` was reached with chats still newer than the cutoff: older changes may be missing. */
  truncated: boolean;
  /**
   * Set when the cutoff may be off: an event time ahead of the server's clock (ignored), or no server
   * time in the REST answer. Says what was done about it.
   */
  warning?: string;
}

/** Where a connection is: opening its first socket, open, between sockets, or ended. */
export type InboxState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Counters of a connection (`inbox.stats`). */
export interface InboxStats {
  /** Frames received. */
  received: number;
  /** Events delivered (live and reconciled). */
  delivered: number;
  /** Events delivered from REST reconciliation. */
  reconciled: number;
  /** Events not delivered because they had been already. */
  duplicates: number;
  /** Events dropped from full iterator buffers (summed over iterators). */
  dropped: number;
  /** Frames reported to `error` (not JSON, no type, missing ids) or `unknown`. */
  rejected: number;
  /** Successful reconnects. */
  reconnects: number;
}

/** What each listener receives. */
export type InboxListenerMap = { [T in InboxEventType]: InboxEventOf<T> } & {
  /** Every event of the SDK's model, live or reconciled. */
  event: InboxEvent;
  /** A frame of a type the SDK's model does not know. */
  unknown: InboxUnknownFrame;
  /** InboxEventError (bad frame), InboxReconcileError, InboxListenerError; and the fatal InboxAuthError / InboxConnectionError, followed by `close`. */
  error: InventError;
  /** The first socket opened. */
  open: { url: string };
  /** A socket was lost; the next attempt starts in `delayMs`. */
  reconnecting: { attempt: number; delayMs: number; reason: InboxDisconnect };
  /** A socket opened again after `downtimeMs`; reconciliation starts now. */
  reconnected: { attempt: number; downtimeMs: number };
  /** Reconciliation finished. */
  reconciled: InboxReconcileInfo;
  /** An iterator's buffer was full: `event` was dropped from it. */
  dropped: { event: InboxEvent; total: number };
  /** The connection ended: after `close()` (no error) or a fatal error. */
  close: { error?: InventError };
};

export type InboxListener<K extends keyof InboxListenerMap> = (payload: InboxListenerMap[K]) => void;

/** A live inbox: an async iterable of events, typed listeners, and `close()`. */
export interface InboxConnection extends AsyncIterable<InboxEvent> {
  /** The WebSocket URL (`wss://.../orgs/{org_id}/inbox/ws`). */
  readonly url: string;
  /** The organization whose inbox this is. */
  readonly orgId: string;
  /** Where the connection is now. */
  readonly state: InboxState;
  /** A copy of the counters. */
  readonly stats: InboxStats;
  /** The fatal error that ended the connection, if one did. */
  readonly error: InventError | undefined;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): () => void;
  /** Removes a listener added with `on`. */
  off<K extends keyof InboxListenerMap>(type: K, listener: InboxListener<K>): void;
  /** Resolves when the first socket opens; rejects with the fatal error, or if closed before. */
  ready(): Promise<void>;
  /** Ends everything (timers, socket, iterators, which finish after draining their buffers). Idempotent. */
  close(): Promise<void>;
  /** Resolves once the connection has ended, for whatever reason. */
  readonly closed: Promise<void>;
  /** Every event, live and reconciled, in order (each iterator has its own bounded buffer). */
  [Symbol.asyncIterator](): AsyncIterableIterator<InboxEvent>;
}
