/**
 * What a resource method returns: a Promise of the parsed body that can also give the raw Response.
 *
 *   const assistant = await invent.assistants.get(id);
 *   const { data, response } = await invent.assistants.get(id).withResponse();
 *   const response = await invent.assistants.get(id).asResponse();
 *
 * The request starts when the method is called (like any promise); awaiting it, or calling
 * `withResponse()`, only chooses what to read.
 */
export class InventPromise<T> extends Promise<T> {
  readonly #result: Promise<{ data: T; response: Response }>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<{ data: T; response: Response }>) {
    super((resolve) => resolve(null as T));
    this.#result = result;
  }

  /** Promises derived from this one (`then`, `catch`, `finally`) are plain Promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The parsed body and the raw `Response` (status, headers). */
  withResponse(): Promise<{
    /** The parsed body. */
    data: T;
    /** The raw response (status, headers). */
    response: Response;
  }> {
    return this.#result;
  }

  /**
   * The raw `Response` alone (status, headers, request id), for when the body is not needed. The SDK
   * has read its body: use `withResponse()` for the parsed one.
   */
  asResponse(): Promise<Response> {
    return this.#result.then((r) => r.response);
  }

  #parsed(): Promise<T> {
    return (this.#data ??= this.#result.then((r) => r.data));
  }

  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}
