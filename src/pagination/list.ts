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
import { InventValidationError } from '../errors.js';
import { lazy } from '../internal/lazy.js';
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

/** The page walk, imported on first iteration (see ./walk.ts). */
const loadWalk = lazy(() => import('./walk.js'));

/** Every page in order, from `first` (or `source.startPage`), the walk loaded on the first `next()`. */
async function* walk<Item>(source: PageSource, first: Promise<Page<Item>> | undefined): AsyncGenerator<Page<Item>, void, undefined> {
  yield* (await loadWalk()).walkPages<Item>(source, first);
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
    return walk<Item>(this.#source, this.#first);
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
  toArray(options: { limit: number }): Promise<Item[]> {
    const first = this.#first;
    return loadWalk().then((m) => m.collectItems<Item>(this.#source, first, options?.limit));
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
