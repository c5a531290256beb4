/** What the broadcast helpers use of a client: `POST` for a send, and the broadcasts and contacts resources. */
import type { BroadcastsResource, ContactsResource } from '../../generated/resources.js';
import type { CoreClient } from '../client/types.js';

export interface BroadcastsClient extends Pick<CoreClient, 'POST'> {
  readonly broadcasts: BroadcastsResource;
  readonly contacts: ContactsResource;
}
