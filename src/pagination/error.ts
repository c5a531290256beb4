import { InventError } from '../errors.js';

/**
 * Iterating a list failed on one page (after the transport's retries). Pages before `page` were
 * yielded in full; pass the error to `resumeFrom()` on the same list call (or call it again with
 * `{ page: error.page, take: error.take }`) to carry on from there without fetching them again.
 * The underlying error (an InventApiError, a TimeoutError, ...) is `cause`.
 */
export class PaginationError extends InventError {
  static override readonly errorName: string = 'PaginationError';
  /** The list that failed, as its method name (`contacts.list`) or `GET /path/template`. */
  declare readonly operation: string;
  /** The page that failed: the first page not yielded. */
  declare readonly page: number;
  /** The page size in use, to resume with the same numbering. */
  declare readonly take: number;
  /** `request`: the page request failed (see `cause`); `max-pages`: the safety cap on pages was reached. */
  declare readonly reason: 'request' | 'max-pages';

  constructor(init: {
    operation: string;
    page: number;
    take: number;
    reason: 'request' | 'max-pages';
    cause?: unknown;
    maxPages?: number;
  }) {
    const detail =
      init.reason === 'max-pages'
        ? `stopped before page ${init.page}: ${init.maxPages} pages were read, the safety cap (raise it with { maxPages })`
        : `page ${init.page} failed: ${init.cause instanceof Error ? init.cause.message : String(init.cause)}`;
    super(`${init.operation}: ${detail}`, init.reason === 'request' ? { cause: init.cause } : undefined);
    this.operation = init.operation;
    this.page = init.page;
    this.take = init.take;
    this.reason = init.reason;
  }
}
