import { InventError } from '../errors.js';

/** Where a list's pages come from: one fetch per page, plus the settings of the walk. */
export interface PageSource {
  /** The list, for messages: its method name (`contacts.list`), or `GET /path/template` outside the contract. */
  readonly label: string;
  /** Fetches one page (through the client's transport: retries and rate limits apply). */
  readonly fetch: (page: number, take: number, signal: AbortSignal | undefined) => Promise<{ data: unknown; response: Response }>;
  /** The first page to read (`params.page`, or 1). */
  readonly startPage: number;
  /** Items per page: the caller's `take`, else the operation's maximum. */
  readonly take: number;
  /** Whether the caller chose `take` (`toArray` shrinks an unchosen one to its limit). */
  readonly takeGiven: boolean;
  readonly maxTake: number;
  /** Page requests in flight at once while iterating, when the total is known (1: prefetch the next page only). */
  readonly concurrency: number;
  /** The most pages one iteration reads before it stops with a PaginationError. */
  readonly maxPages: number;
  readonly signal: AbortSignal | undefined;
}

function intHeader(response: Response, name: string): number | undefined {
  const text = response.headers.get(name);
  const value = text === null || text.trim() === '' ? NaN : Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * One page of a list: its items and the `pagination-*` headers. `take` is the page size the server
 * reports (or the one requested), `total` the item count across all pages when the server sends
 * `pagination-count`.
 */
export class Page<Item> implements Iterable<Item> {
  /** This page's items. */
  declare readonly items: Item[];
  /** This page's number, from 1. */
  declare readonly page: number;
  /** The page size: the server's `pagination-take`, else the one requested. */
  declare readonly take: number;
  /** Items across all pages (`pagination-count`), when the server says. */
  declare readonly total: number | undefined;
  /** The raw response of this page's request. */
  declare readonly response: Response;
  readonly #source: PageSource;

  constructor(source: PageSource, page: number, items: Item[], response: Response) {
    this.#source = source;
    this.items = items;
    this.page = page;
    this.take = intHeader(response, 'pagination-take') || source.take;
    this.total = intHeader(response, 'pagination-count');
    this.response = response;
  }

  /** The last page's number, when the total is known. */
  get lastPage(): number | undefined {
    return this.total === undefined ? undefined : Math.max(1, Math.ceil(this.total / this.take));
  }

  /**
   * Whether another page follows: never after an empty page; by the total when it is known; else
   * when this page is full.
   */
  hasNextPage(): boolean {
    if (!this.items.length) return false;
    if (this.total !== undefined) return (this.page - 1) * this.take + this.items.length < this.total;
    return this.items.length >= this.take;
  }

  /** Fetches the next page (rejects when `hasNextPage()` is false). */
  getNextPage(): Promise<Page<Item>> {
    if (!this.hasNextPage()) return Promise.reject(new InventError(`${this.#source.label}: page ${this.page} is the last page`));
    return loadPage<Item>(this.#source, this.page + 1, this.#source.signal);
  }

  /** This page's items (`for (const item of page)`). */
  [Symbol.iterator](): Iterator<Item> {
    return this.items[Symbol.iterator]();
  }
}

export async function loadPage<Item>(source: PageSource, page: number, signal: AbortSignal | undefined): Promise<Page<Item>> {
  const { data, response } = await source.fetch(page, source.take, signal);
  if (data !== undefined && data !== null && !Array.isArray(data)) throw new InventError(`${source.label}: page ${page} is not a list`);
  return new Page<Item>(source, page, (data ?? []) as Item[], response);
}
