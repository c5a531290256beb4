/**
 * The response-size cap (`maxResponseBytes`): bodies are counted on their decoded bytes as they
 * stream (after the platform has undone any gzip/br), and the read stops at the limit, so a huge body,
 * an endless one, or a small gzip body that inflates to gigabytes never costs more than the limit.
 *
 * No Node-only API: this runs in browsers and edge runtimes.
 */

/** The default limit: far above any documented Invent answer, far below what would hurt a process. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Thrown inside the attempt when a body goes past the limit; the request loop turns it into a ResponseTooLargeError. */
export class BodyTooLarge extends Error {
  /** The response's headers, set by the attempt. */
  headers: Headers | undefined;

  constructor(
    readonly limitBytes: number,
    readonly receivedBytes: number,
    /** True when the declared Content-Length alone was over the limit (nothing was read). */
    readonly declared: boolean,
  ) {
    super(`response body larger than ${limitBytes} bytes`);
  }
}

/** The Content-Length, when it counts the decoded bytes (no Content-Encoding) and is over the limit. */
export function declaredTooLarge(headers: Headers, limitBytes: number): number | undefined {
  if (headers.has('content-encoding')) return undefined;
  const length = Number(headers.get('content-length'));
  return Number.isFinite(length) && length > limitBytes ? length : undefined;
}

/** Reads a whole body into one buffer, stopping (and cancelling the body) as soon as it passes `limitBytes`. */
export async function readLimited(body: ReadableStream<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      reader.cancel().catch(() => {});
      throw new BodyTooLarge(limitBytes, total, false);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
