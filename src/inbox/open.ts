/**
 * `invent.inbox.connect(options)`, imported by ./attach.ts when it is first called: the inbox client
 * (its valibot event schemas, and `ws` on Node 20) with the client's base URL, key, org and REST inbox.
 */
import type { CoreClient } from '../client/types.js';
import { connectInbox, requireWebSocket, serverDate } from './connection.js';
import type { InboxConnectOptions } from './options.js';
import type { InboxConnection } from './types.js';

/** What the inbox uses of a client: where it connects, and `GET` for reconciliation. */
export type InboxClient = Pick<CoreClient, 'baseUrl' | 'orgId' | 'GET'>;

type Get = (path: string, init: object) => Promise<{ data: unknown; response: Response }>;

export async function openInbox(client: InboxClient, apiKey: string | undefined, options?: InboxConnectOptions): Promise<InboxConnection> {
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
}
