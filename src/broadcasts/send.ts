/**
 * One transactional send: check the input (./recipient.ts), POST it once through the client's request
 * path, and report a failure as what it means for the caller (./classify.ts).
 *
 * Nothing here decides about retries or pacing. The request path does, from the operation's metadata
 * (`sendTransactionalBroadcast`: not idempotent; rate-limit groups `general` and `broadcast-send`):
 * a 429 or a refused connection is sent again (nothing went out), a 5xx, a timeout or a connection lost
 * after the request was written is not (it may have gone out), and the limiter queues sends so that
 * the 100-per-60-s limit is never exceeded.
 */
import type { BroadcastsClient } from './client.js';
import { callInit } from '../call-options.js';
import type { RequestBody, RequestOptions } from '../resources/types.js';
import { classifySendError } from './classify.js';
import type { RecipientSummary } from './errors.js';
import { checkSend } from './recipient.js';
import type { BroadcastRecipient } from './types.js';

/** What the implementation needs of a handle. */
export interface HandleLike {
  readonly client: BroadcastsClient;
  readonly id: string;
  readonly orgId: string | undefined;
  options<O extends RequestOptions>(options?: O): O;
}

export interface SendResult {
  data: BroadcastRecipient[];
  response: Response;
}

/** POSTs a checked send once and classifies its failure. */
export async function postSend(
  handle: HandleLike,
  recipient: RecipientSummary,
  body: Record<string, unknown>,
  options: RequestOptions,
): Promise<SendResult> {
  const startedAt = new Date();
  const path: Record<string, string> = { broadcast_id: handle.id };
  if (options.orgId !== undefined) path.org_id = options.orgId;
  try {
    const { data, response } = await handle.client.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
      params: { path: path as { broadcast_id: string } },
      body: body as RequestBody<'/orgs/{org_id}/broadcasts/{broadcast_id}/send', 'post', 'application/json'>,
      ...callInit(options),
    });
    return { data, response };
  } catch (error) {
    throw classifySendError(error, { broadcastId: handle.id, recipient, startedAt });
  }
}

/** `handle.send(recipient, options)`. */
export async function send(handle: HandleLike, recipient: unknown, options: unknown): Promise<SendResult> {
  const checked = checkSend(handle.id, recipient, options);
  return postSend(handle, checked.recipient, checked.body, handle.options((options ?? {}) as RequestOptions));
}
