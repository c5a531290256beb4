/**
 * The request openapi-fetch builds for a call, kept as plain data (its `Request` option) instead of a
 * platform Request. The platform fetch builds its own Request from a URL and an init anyway, so a
 * Request made here first would be built twice per attempt (on Node 20 about 16 us for a GET and 40 us
 * for a POST each time, with an AbortSignal of its own), and a retry would need a copy of its body.
 * Here the serialized body is kept as it is: a string, a FormData or a Blob can be sent again as it
 * is, and only a stream is split (`tee`) to keep a branch for a retry.
 *
 * A custom `fetch` still gets a real Request, built once per attempt (`toRequest`).
 */

/** How the attempt's fetch is told to stop and never to follow a redirect. */
export interface AttemptInit {
  readonly signal: AbortSignal;
  readonly redirect: 'manual';
}

export class OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  /** The caller's signal, when the call has one. */
  readonly signal: AbortSignal | undefined;
  /** The rest of the call's RequestInit (`cache`, `keepalive`, `duplex`, ...), passed on as it is. */
  readonly #init: RequestInit;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = asStream(init.body) ?? init.body ?? null;
    this.signal = init.signal ?? undefined;
    // A streamed body needs `duplex: 'half'`, its only value, on every platform that sends one.
    this.#init = isStream(this.body) && !('duplex' in init) ? ({ ...init, duplex: 'half' } as RequestInit) : init;
  }

  /** The init of one attempt: the call's own, with this request's headers and body and the attempt's signal. */
  initFor(attempt: AttemptInit, extra?: object): RequestInit {
    return { ...extra, ...this.#init, headers: this.headers, body: this.body, signal: attempt.signal, redirect: 'manual' };
  }

  /**
   * A platform Request for a custom fetch, which gets the attempt's signal in its init beside it: the
   * Request follows the caller's signal only, so that a fetch that never reads the attempt's signal
   * costs no AbortController. `body` replaces this request's own (the probe below leaves a stream out).
   */
  toRequest(body: BodyInit | null = this.body): Request {
    return new Request(this.url, { ...this.#init, headers: this.headers, body, redirect: 'manual' });
  }

  /**
   * Why the platform cannot build this request (a body on a GET, an unknown `cache` mode), asked after
   * an attempt failed with a TypeError: such a request never left, and sending it again cannot help.
   */
  unbuildable(): Error | undefined {
    try {
      this.toRequest(isStream(this.body) ? null : this.body);
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  /**
   * For a request that may be sent again: a stream body can be read once, so it is split (`tee`) into
   * a request to send now and one kept for the next attempt. Undefined for any other body, which is
   * sent again as it is.
   */
  split(): [OutgoingRequest, OutgoingRequest] | undefined {
    const body = this.body;
    if (!isStream(body)) return undefined;
    return body.tee().map((branch) => new OutgoingRequest(this.url, { ...this.#init, headers: this.headers, body: branch })) as [
      OutgoingRequest,
      OutgoingRequest,
    ];
  }
}

/**
 * An async iterable body (a Node Readable, a generator) as a ReadableStream, which can be split for
 * a retry; undefined for any other body.
 */
function asStream(body: unknown): ReadableStream | undefined {
  if (body == null || isStream(body) || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return undefined;
  const chunks = (body as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
    },
    async cancel(reason) {
      await chunks.return?.(reason);
    },
  });
}

function isStream(body: unknown): body is ReadableStream {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}
