/**
 * The response-size cap for a streamed body (`parseAs: 'stream'`), loaded only by calls that stream.
 * See ./body-limit.ts.
 */

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
