/**
 * `invent.paginate(path, init)`: the paginator for the raw typed calls. `path` is the template of a
 * paginated GET (typed: only those are accepted) and `init` the same object `invent.GET` takes, plus
 * `concurrency` and `maxPages`:
 *
 *   for await (const run of invent.paginate('/orgs/{org_id}/workflows/{workflow_id}/runs', {
 *     params: { path: { workflow_id: 'wf_1' } },
 *   })) { ... }
 */
import type { PaginatedItems, PaginatedPath, PathsWithoutInit } from '../../generated/resources.js';
import type { TypedInit, TypedOperation } from '../client/typed-call.js';
import { findOperation, labelOf } from '../contract/lookups.js';
import { InventValidationError } from '../errors.js';
import { type CallOptions, withoutIterationOptions } from '../call-options.js';
import { failedList, iterationOptions, listFromQuery, type ListOptions, type ListPromise } from './list.js';

type GetInit<P extends PaginatedPath> = TypedInit<TypedOperation<P, 'get'>>;
/** What `invent.paginate(path, init)` takes: the init of `invent.GET(path, ...)`, per-call options, and how to iterate. */
export type PaginateInit<P extends PaginatedPath> = GetInit<P> & CallOptions & Pick<ListOptions, 'concurrency' | 'maxPages' | 'signal'>;

/**
 * `invent.paginate(path, init)`: a paginated GET of the typed calls as a `ListPromise`, e.g.
 * `for await (const run of invent.paginate('/orgs/{org_id}/workflows/runs')) { ... }`.
 */
export interface Paginate {
  <P extends PaginatedPath & PathsWithoutInit['get']>(path: P, init?: PaginateInit<P>): ListPromise<PaginatedItems[P]>;
  <P extends PaginatedPath>(path: P, init: PaginateInit<P>): ListPromise<PaginatedItems[P]>;
}

type Get = (path: string, init: Record<string, any>) => Promise<{ data: unknown; response: Response }>;

export function createPaginate(client: { GET: unknown }): Paginate {
  const get = client.GET as Get;
  return ((path: string, init: Record<string, any> = {}) => {
    const operation = findOperation('GET', path);
    const label = labelOf('GET', path, operation);
    try {
      const pagination = operation?.pagination;
      if (!pagination) throw new InventValidationError(`paginate: GET ${path} is not a paginated operation`);
      const rest = withoutIterationOptions(init);
      const { concurrency, maxPages } = iterationOptions(label, init);
      const query = (rest.params?.query ?? {}) as Record<string, any>;
      const { page = 1, take } = query;
      if (!Number.isInteger(page) || page < 1) throw new InventValidationError(`${label}: \`page\` must be an integer >= 1, got ${page}`);
      if (take !== undefined && (!Number.isInteger(take) || take < 1 || take > pagination.maxTake)) {
        throw new InventValidationError(`${label}: \`take\` must be an integer from 1 to ${pagination.maxTake}, got ${take}`);
      }
      return listFromQuery(label, pagination.maxTake, query, { concurrency, maxPages, signal: rest.signal }, (q, signal) =>
        get(path, { ...rest, params: { ...rest.params, query: q }, signal }),
      );
    } catch (error) {
      return failedList(label, error);
    }
  }) as Paginate;
}
