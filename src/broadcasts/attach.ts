/**
 * Attaches the transactional-broadcast helpers to a client's `broadcasts` namespace:
 * `invent.broadcasts.transactional(id)` (a handle, created synchronously) and
 * `invent.broadcasts.createTransactional(input)`. Their implementation, and valibot, are imported on the
 * first call that needs them (see ./handle.ts), so programs that never use them never load them.
 */
import type { BroadcastsClient } from './client.js';
import type { CallingClient, ResourceExtension } from '../resources/build.js';
import type { RequestOptions } from '../resources/types.js';
import { loadImpl, TransactionalBroadcastHandle } from './handle.js';
import type { CreateTransactionalInput, TransactionalBroadcast, TransactionalOptions, Variables } from './types.js';

/**
 * The hand-written methods of `invent.broadcasts`, composed with the generated namespace in the
 * client's type (see `InventBroadcasts`): declared here rather than merged into the generated
 * interface, so bundled declarations keep them.
 */
export interface TransactionalMethods {
  /**
   * A transactional broadcast by id: `send` to one recipient on every channel (never sent twice by
   * the SDK), `sendMany` paced by the send limit, `findRecipients` to reconcile, and the lifecycle
   * (`activate`, `pause`, `resume`, `ensureActive`, templates and properties). Declare the
   * broadcast's properties to type `variables`: `transactional<{ otp: string }>(id)`.
   */
  transactional<V extends object = Variables>(broadcastId: string, options?: TransactionalOptions): TransactionalBroadcast<V>;
  /**
   * Creates a TRANSACTIONAL broadcast (in DRAFT), then its properties (`fields`, with defaults) and
   * templates, and resolves with its handle. Activate it with `handle.activate()`.
   */
  createTransactional<V extends object = Variables>(
    input: CreateTransactionalInput,
    options?: RequestOptions,
  ): Promise<TransactionalBroadcast<V>>;
}

/** The extensions, by dotted name, for `attachResources`. */
export const broadcastExtensions: Record<string, ResourceExtension<CallingClient>> = {
  'broadcasts.transactional': (client) => (broadcastId: string, options?: TransactionalOptions) =>
    new TransactionalBroadcastHandle(client as unknown as BroadcastsClient, broadcastId, options?.orgId),
  'broadcasts.createTransactional': (client) => (input: CreateTransactionalInput, options?: RequestOptions) =>
    loadImpl().then((m) =>
      m.createTransactional(
        client as unknown as BroadcastsClient,
        input,
        options ?? {},
        (id) => new TransactionalBroadcastHandle(client as unknown as BroadcastsClient, id, options?.orgId),
      ),
    ),
};
