/**
 * Attaches the inbox WebSocket client to a client's `inbox` namespace as `invent.inbox.connect(options)`.
 * The client itself (its zod event schemas, and `ws` on Node 20) is imported only when connect is
 * called, so programs that never open the inbox never load it.
 */
import type { CoreClient } from '../client/types.js';
import type { ResourceExtension } from '../resources/build.js';
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

/** What the inbox uses of a client: where it connects, and `GET` for reconciliation. */
type InboxClient = Pick<CoreClient, 'baseUrl' | 'orgId' | 'GET'>;

type Get = (path: string, init: object) => Promise<{ data: unknown; response: Response }>;

/** The `inbox.connect` extension for a client whose key is `apiKey`. */
export function inboxConnect<C extends InboxClient>(apiKey: string | undefined): ResourceExtension<C> {
  return (client) => async (options?: InboxConnectOptions) => {
    const { connectInbox, requireWebSocket, serverDate } = await import('./connection.js');
    // A missing `ws` (Node 20) fails here, naming the install command, not later at ready().
    await requireWebSocket(options?.WebSocket);
    return connectInbox(
      {
        baseUrl: client.baseUrl,
        apiKey,
        orgId: client.orgId,
        listInboxChats: async ({ orgId, page, take, signal }) => {
          const { data, response } = await (client.GET as Get)('/orgs/{org_id}/inbox', {
            params: { path: { org_id: orgId }, query: { page, take } },
            signal,
          });
          // The server's clock, for the reconciliation cutoff.
          return { items: data as unknown[], serverTime: serverDate(response.headers) };
        },
      },
      options,
    );
  };
}
