/**
 * The response-size cap for a streamed body (`parseAs: 'stream'`), loaded only by calls that stream.
 * See ./body-limit.ts.
 */
import { ResponseTooLargeError } from '../errors.js';
import type { RequestContext } from './types.js';

/**
 * The same body as a stream that errors with `tooLarge(received)` once more than `limitBytes` have
 * passed, for `parseAs: 'stream'`, where the caller reads the body.
 */
export function limitStream(
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
  tooLarge: (receivedBytes: number) => Error,
): ReadableStream<Uint8Array> {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > limitBytes) controller.error(tooLarge(total));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** A streamed body (`parseAs: 'stream'`) that fails with a ResponseTooLargeError past the limit. */
export function limitStreamedBody(response: Response, context: RequestContext, limitBytes: number): Response {
  if (!response.body) return response;
  const body = limitStream(
    response.body,
    limitBytes,
    (receivedBytes) =>
      new ResponseTooLargeError({
        operation: context.label,
        status: response.status,
        headers: response.headers,
        limitBytes,
        receivedBytes,
        attempts: context.state.attempts,
      }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
