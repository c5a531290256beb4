export { PaginationError } from './error.js';
export { DEFAULT_MAX_PAGES, ListPromise, type ListOptions } from './list.js';
export { Page, type PageSource } from './page.js';
export { createPaginate, type Paginate, type PaginateInit } from './paginate.js';
