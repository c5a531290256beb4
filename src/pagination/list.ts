/**
 * What a list method returns: awaitable (one page) and async-iterable (every item, across pages).
 *
 *   const page = await invent.contacts.list({ take: 20 });      // Page: items, page, take, total
 *   for await (const contact of invent.contacts.list()) { ... } // every contact
 *
 * Nothing is requested until the list is awaited or iterated. While the caller works on a page, the
 * next one is already being fetched; with `{ concurrency: n }` and a known total, up to n pages are
 * fetched at once, and items still come out in order.
 */
import { InventConfigError, InventValidationError } from '../errors.js';
import type { RequestOptions } from '../resources/types.js';
import { PaginationError } from './error.js';
import { loadPage, type Page, type PageSource } from './page.js';

/** The options of a list method: a call's options plus how to iterate. */
export interface ListOptions extends RequestOptions {
  /**
   * Page requests in flight at once while iterating, once the total is known from
   * `pagination-count` (default 1: the next page is prefetched while the current one is consumed).
   * Every request still goes through the client's rate limiter.
   */
  concurrency?: number;
  /** The most pages one iteration reads; reaching it throws a PaginationError (default 1000). */
  maxPages?: number;
}

/** The most pages one iteration reads unless `maxPages` says otherwise: a server that never ends stops here. */
export const DEFAULT_MAX_PAGES = 1000;

const noop = () => {};

/** Errors of the call itself, not of one page: thrown as they are. */
const isCallError = (error: unknown) => error instanceof InventValidationError || error instanceof InventConfigError;

/**
 * Walks pages in order from `source.startPage`, keeping up to `concurrency` requests ahead, and
 * ending once `limit` items have been yielded (so no page past them is requested).
 */
export async function* walkPages<Item>(
  source: PageSource,
  first?: Promise<Page<Item>>,
  limit = Infinity,
): AsyncGenerator<Page<Item>, void, undefined> {
  const controller = new AbortController();
  const outer = source.signal;
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const inflight = new Map<number, Promise<Page<Item>>>();
  const start = (n: number) => {
    if (inflight.has(n)) return;
    const request = loadPage<Item>(source, n, controller.signal);
    request.catch(noop); // read (and reported) when its turn comes; dropped if the walk ends first
    inflight.set(n, request);
  };
  const lastAllowed = source.startPage + source.maxPages - 1;
  let n = source.startPage;
  let seen = 0;
  if (first) inflight.set(n, first);
  else start(n);
  try {
    for (;;) {
      let page: Page<Item>;
      try {
        page = await inflight.get(n)!;
      } catch (cause) {
        if (isCallError(cause) || outer?.aborted) throw cause;
        throw new PaginationError({ operation: source.label, page: n, take: source.take, reason: 'request', cause });
      }
      inflight.delete(n);
      seen += page.items.length;
      const more = page.hasNextPage() && seen < limit;
      if (more) {
        const ahead = page.lastPage === undefined ? n + 1 : Math.min(page.lastPage, n + source.concurrency);
        for (let k = n + 1; k <= Math.min(ahead, lastAllowed); k++) start(k);
      }
      yield page;
      if (!more) return;
      if (++n > lastAllowed)
        throw new PaginationError({ operation: source.label, page: n, take: source.take, reason: 'max-pages', maxPages: source.maxPages });
      start(n);
    }
  } finally {
    outer?.removeEventListener('abort', forward);
    controller.abort(); // requests for pages no one will read
  }
}

/**
 * What a list method returns: `await` it for the first page (a `Page`), `for await` over it for every
 * item across pages, `pages()` for page by page, `toArray({ limit })` to collect. Nothing is requested
 * until it is awaited or iterated.
 */
export class ListPromise<Item> extends Promise<Page<Item>> implements AsyncIterable<Item> {
  readonly #source: PageSource;
  #first: Promise<Page<Item>> | undefined;

  constructor(source: PageSource) {
    super((resolve) => resolve(null as unknown as Page<Item>));
    this.#source = source;
  }

  /** Promises derived from this one (`then`, `catch`, `finally`) are plain Promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  #firstPage(): Promise<Page<Item>> {
    return (this.#first ??= loadPage<Item>(this.#source, this.#source.startPage, this.#source.signal));
  }

  override then<A = Page<Item>, B = never>(
    onfulfilled?: ((value: Page<Item>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<Page<Item> | B> {
    return this.#firstPage().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<Page<Item>> {
    return this.#firstPage().finally(onfinally);
  }

  /** The first page and its raw Response. */
  withResponse(): Promise<{
    /** The first page. */
    data: Page<Item>;
    /** Its raw response (status, `pagination-*` headers). */
    response: Response;
  }> {
    return this.#firstPage().then((page) => ({ data: page, response: page.response }));
  }

  /** The first page's raw Response alone (status, `pagination-*` headers); its body has been read into the page. */
  asResponse(): Promise<Response> {
    return this.#firstPage().then((page) => page.response);
  }

  /** Every page in order, from the first (reusing it when the list was already awaited). */
  pages(): AsyncGenerator<Page<Item>, void, undefined> {
    return walkPages<Item>(this.#source, this.#first);
  }

  /** Every item, page after page (the next page is fetched while the current one is consumed). */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    // A plain loop: `yield*` over an array in an async generator costs an extra promise per item.
    for await (const page of this.pages()) for (const item of page.items) yield item;
  }

  /**
   * Collects items into an array, at most `limit` of them (required: say how many you can hold;
   * `Infinity` for all). Stops fetching once it has them.
   */
  async toArray(options: { limit: number }): Promise<Item[]> {
    const limit = options?.limit;
    if (typeof limit !== 'number' || !(limit >= 0))
      throw new InventValidationError(`${this.#source.label}: toArray needs { limit }, a number of items >= 0`);
    const items: Item[] = [];
    if (limit === 0) return items;
    // An unchosen page size shrinks to the limit (page numbers only mean the same items from page 1).
    const shrink = !this.#source.takeGiven && this.#source.startPage === 1 && limit < this.#source.take;
    const source = shrink ? { ...this.#source, take: Math.max(1, Math.ceil(limit)) } : this.#source;
    for await (const page of walkPages<Item>(source, source === this.#source ? this.#first : undefined, limit)) {
      for (const item of page.items) {
        items.push(item);
        if (items.length >= limit) return items;
      }
    }
    return items;
  }

  /**
   * The same list, starting at the page a PaginationError from it names (with the page size it
   * used), so a failed walk carries on without fetching what it already yielded.
   */
  resumeFrom(error: PaginationError): ListPromise<Item> {
    if (!(error instanceof PaginationError))
      throw new InventValidationError(`${this.#source.label}: resumeFrom needs the PaginationError thrown while iterating this list`);
    if (error.operation !== this.#source.label)
      throw new InventValidationError(`${this.#source.label}: cannot resume from an error of ${error.operation}`);
    return new ListPromise<Item>({ ...this.#source, startPage: error.page, take: error.take, takeGiven: true });
  }
}

/** Checks the iteration options of a list call. */
export function iterationOptions(label: string, options: ListOptions): { concurrency: number; maxPages: number } {
  const { concurrency = 1, maxPages = DEFAULT_MAX_PAGES } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InventValidationError(`${label}: options.concurrency must be an integer >= 1, got ${concurrency}`);
  if (!(maxPages === Infinity || (Number.isInteger(maxPages) && maxPages >= 1)))
    throw new InventValidationError(`${label}: options.maxPages must be an integer >= 1, got ${maxPages}`);
  return { concurrency, maxPages };
}

/** A list whose call was refused before any request: awaiting or iterating it throws `error`. */
export function failedList<Item>(label: string, error: unknown): ListPromise<Item> {
  return new ListPromise<Item>({
    label,
    fetch: () => Promise.reject(error),
    startPage: 1,
    take: 1,
    takeGiven: true,
    maxTake: 1,
    concurrency: 1,
    maxPages: 1,
    signal: undefined,
  });
}

/**
 * The list of a paginated operation: `page` and `take` come from the caller's query (defaults 1 and
 * the operation's maximum), the rest of the query is sent with every page.
 */
export function listFromQuery<Item>(
  label: string,
  maxTake: number,
  query: Record<string, any>,
  iteration: { concurrency: number; maxPages: number; signal: AbortSignal | undefined },
  fetchPage: (query: Record<string, unknown>, signal: AbortSignal | undefined) => Promise<{ data: unknown; response: Response }>,
): ListPromise<Item> {
  const { page = 1, take, ...rest } = query;
  return new ListPromise({
    label,
    startPage: page,
    take: take ?? maxTake,
    takeGiven: take !== undefined,
    maxTake,
    ...iteration,
    fetch: (p, t, signal) => fetchPage({ ...rest, page: p, take: t }, signal),
  });
}
