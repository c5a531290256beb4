/**
 * One attempt: sends a request under a per-attempt timeout and reads the whole body before answering,
 * so a hang or a connection cut anywhere before the last byte is this attempt's failure (and can be
 * retried), not a surprise for the caller after the call "succeeded".
 *
 * Kept cheap, since every call goes through it: the platform fetch builds the only Request of the
 * attempt, from the call's plain request data and the attempt's signal (./outgoing.ts); the buffered
 * body is served from memory by the response's body methods (shared functions assigned on the
 * instance, no per-call closures) instead of a second Response around a second stream.
 *
 * No Node-only API: this runs in browsers and edge runtimes.
 */
import { AbortScope } from '../internal/abort.js';
import { BodyTooLarge, declaredTooLarge, readLimited } from './body-limit.js';
import type { AttemptInit, OutgoingRequest } from './outgoing.js';

/**
 * Sends one request on the platform, aborting it when `init.signal` aborts. Redirects are never
 * followed (`redirect: 'manual'`): a 3xx comes back as it is, and the request loop reports it.
 */
export type PlatformFetch = (request: OutgoingRequest, init: AttemptInit) => Promise<Response>;

export type AttemptResult =
  | { readonly kind: 'response'; readonly response: Response; readonly durationMs: number }
  | {
      readonly kind: 'failed';
      /**
       * `abort`: the caller's signal; `timeout`: the attempt's timer; `network`: the platform rejected;
       * `too-large`: the body went past `maxResponseBytes` (the cause is a BodyTooLarge).
       */
      readonly failure: 'abort' | 'timeout' | 'network' | 'too-large';
      /** The status, when the failure happened while reading the body. */
      readonly status: number | undefined;
      readonly cause: unknown;
      readonly durationMs: number;
    };

export interface AttemptOptions {
  /** Milliseconds before the attempt is abandoned; not finite or not positive means no timer. */
  timeoutMs: number;
  /** Read the body into memory before answering (false for `parseAs: 'stream'`). */
  buffer: boolean;
  /** The most bytes a buffered body may have (decoded); the read stops there. */
  maxResponseBytes: number;
  /**
   * Race the fetch and the body read against the signal, for a fetch that may ignore its signal (a
   * custom one). The platform fetch honours it, so the race would only cost time.
   */
  race: boolean;
  now: () => number;
  /**
   * The rate-limit lease of this attempt, released as soon as the answer's headers arrive: the
   * request reached the server before it answered, so the slot's stamp need not wait for the body.
   */
  lease?: { release(): void } | undefined;
}

const TEXTUAL = /^(text\/|application\/([\w.+-]*\+)?(json|xml|x-www-form-urlencoded)\b)/i;
const BODY = Symbol('invent-sdk.body');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body read into memory: text for textual types (decoded once, by the platform), bytes otherwise. */
interface Body {
  text?: string;
  bytes?: ArrayBuffer;
}

type Buffered = Response & { [BODY]: Body };

async function readBody(body: ReadableStream<Uint8Array>, contentType: string | null, limitBytes: number): Promise<Body> {
  const bytes = await readLimited(body, limitBytes);
  if (TEXTUAL.test(contentType ?? '')) return { text: decoder.decode(bytes) };
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return { bytes: (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer };
}

const textOf = (body: Body): string => (body.text ??= decoder.decode(body.bytes));
const bytesOf = (body: Body): ArrayBuffer => (body.bytes ??= encoder.encode(body.text).buffer as ArrayBuffer);

/*
 * Body methods served from memory, shared by every buffered response (they read `this[BODY]`): the
 * ones openapi-fetch calls (`parseAs`: json, text, blob, arrayBuffer). Assigned on the instance, which
 * shadows the prototype's methods.
 */
function text(this: Buffered): Promise<string> {
  return Promise.resolve(textOf(this[BODY]));
}
function json(this: Buffered): Promise<unknown> {
  try {
    return Promise.resolve(JSON.parse(textOf(this[BODY])));
  } catch (error) {
    return Promise.reject(error);
  }
}
function arrayBuffer(this: Buffered): Promise<ArrayBuffer> {
  return Promise.resolve(bytesOf(this[BODY]).slice(0));
}
function blob(this: Buffered): Promise<Blob> {
  return Promise.resolve(new Blob([bytesOf(this[BODY])], { type: this.headers.get('content-type') ?? '' }));
}

/** Makes a response whose body has been read into memory readable again (once more), from memory. */
function serveFromMemory(response: Response, body: Body): Response {
  const buffered = response as Buffered;
  buffered[BODY] = body;
  buffered.text = text;
  buffered.json = json;
  buffered.arrayBuffer = arrayBuffer;
  buffered.blob = blob;
  return buffered;
}

/**
 * Sends `request` (consuming its body) and reads the answer. `caller` is the caller's signal (none
 * when the call cannot be aborted): its abort ends the attempt at once, and so does the timeout.
 */
export async function runAttempt(
  send: PlatformFetch,
  request: OutgoingRequest,
  caller: AbortSignal | undefined,
  options: AttemptOptions,
): Promise<AttemptResult> {
  const started = options.now();
  const abort = new AbortScope(caller, options.timeoutMs);
  let status: number | undefined;
  let headers: Headers | undefined;
  let streaming = false;
  try {
    const sent = send(request, abort);
    let response = await (options.race ? abort.race(sent) : sent);
    options.lease?.release();
    status = response.status;
    headers = response.headers;
    if (options.buffer && response.body) {
      const declared = declaredTooLarge(response.headers, options.maxResponseBytes);
      if (declared !== undefined) {
        response.body.cancel().catch(() => {});
        throw new BodyTooLarge(options.maxResponseBytes, declared, true);
      }
      const reading = readBody(response.body, response.headers.get('content-type'), options.maxResponseBytes);
      response = serveFromMemory(response, await (options.race ? abort.race(reading) : reading));
    } else if (response.body) {
      // Streaming: the caller's signal must still be able to cancel the body after this returns.
      streaming = true;
    }
    return { kind: 'response', response, durationMs: options.now() - started };
  } catch (cause) {
    if (cause instanceof BodyTooLarge) {
      cause.headers = headers;
      return { kind: 'failed', failure: 'too-large', status, cause, durationMs: options.now() - started };
    }
    const failure = caller?.aborted ? 'abort' : abort.reason !== undefined ? 'timeout' : 'network';
    return { kind: 'failed', failure, status, cause, durationMs: options.now() - started };
  } finally {
    abort.done(streaming);
  }
}
