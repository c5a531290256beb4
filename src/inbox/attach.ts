/**
 * Attaches the inbox WebSocket client to a client's `inbox` namespace as `invent.inbox.connect(options)`.
 * The client itself (its valibot event schemas, and `ws` on Node 20) is imported only when connect is
 * called, so programs that never open the inbox never load it.
 */
import { lazy } from '../internal/lazy.js';
import type { ResourceExtension } from '../resources/build.js';
import type { InboxClient } from './open.js';
import type { InboxConnectOptions } from './options.js';
import type { InboxConnection } from './types.js';

/**
 * The hand-written method of `invent.inbox`, composed with the generated namespace in the client's
 * type (see `InventInbox`): declared here rather than merged into the generated interface, so bundled
 * declarations keep it.
 */
export interface InboxConnectMethod {
  /**
   * Opens the inbox WebSocket (`GET /orgs/{org_id}/inbox/ws`) for the client's organization (or
   * `options.orgId`): events as an async iterator and as listeners, reconnecting with backoff and
   * reconciling missed changes through `GET /orgs/{org_id}/inbox`. Resolves once the client is
   * loaded and connecting; `await inbox.ready()` waits for the socket to open.
   */
  connect(options?: InboxConnectOptions): Promise<InboxConnection>;
}

/** The inbox client, imported when `connect` is first called (see ./open.ts). */
const loadOpen = lazy(() => import('./open.js'));

/** The `inbox.connect` extension for a client whose key is `apiKey`. */
export function inboxConnect<C extends InboxClient>(apiKey: string | undefined): ResourceExtension<C> {
  return (client) => (options?: InboxConnectOptions) => loadOpen().then((m) => m.openInbox(client, apiKey, options));
}
