/**
 * The page walk behind a ListPromise's iteration (`for await`, `pages()`, `toArray()`), imported by
 * ./list.ts on first use: a program that only awaits single calls never loads it.
 */
import { InventConfigError, InventValidationError } from '../errors.js';
import { PaginationError } from './error.js';
import { loadPage, type Page, type PageSource } from './page.js';

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
 * `toArray({ limit })`: at most `limit` items, fetching no page past them. `first` is the list's
 * first page when it was already awaited.
 */
export async function collectItems<Item>(source: PageSource, first: Promise<Page<Item>> | undefined, limit: unknown): Promise<Item[]> {
  if (typeof limit !== 'number' || !(limit >= 0))
    throw new InventValidationError(`${source.label}: toArray needs { limit }, a number of items >= 0`);
  const items: Item[] = [];
  if (limit === 0) return items;
  // An unchosen page size shrinks to the limit (page numbers only mean the same items from page 1).
  const shrink = !source.takeGiven && source.startPage === 1 && limit < source.take;
  const from = shrink ? { ...source, take: Math.max(1, Math.ceil(limit)) } : source;
  for await (const page of walkPages<Item>(from, from === source ? first : undefined, limit)) {
    for (const item of page.items) {
      items.push(item);
      if (items.length >= limit) return items;
    }
  }
  return items;
}
