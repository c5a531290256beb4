/**
 * Builds the resource namespaces (`invent.contacts.list`, `invent.broadcasts.templates.get`, ...) from
 * data: the method names are `sdkMethod` in generated/operations.ts, the argument rules are
 * generated/resources.ts. One generic method per operation calls the client's typed call (so retries,
 * rate limits and errors are the same as `invent.GET(...)`); there is no per-operation code.
 */
import { operationList } from '../../generated/operations.js';
import type { CallMeta, ResourceData } from '../contract/types.js';
import { resourceData, type InventResources } from '../../generated/resources.js';
import { InventConfigError } from '../errors.js';
import { failedList, iterationOptions, listFromQuery } from '../pagination/list.js';
import { createPaginate, type Paginate } from '../pagination/paginate.js';
import { compile, splitArguments, type CompiledOperation } from './arguments.js';
import { InventPromise } from './promise.js';

type Call = (path: string, init: Record<string, any>) => Promise<{ data: unknown; response: Response }>;

/** What the resource layer needs of a client: its throwing typed calls. */
export interface CallingClient {
  readonly GET: unknown;
  readonly PUT: unknown;
  readonly POST: unknown;
  readonly DELETE: unknown;
  readonly PATCH: unknown;
}

/**
 * A hand-written method for a slot of the namespace tree (a reserved one such as `inbox.connect`, or
 * a new name): given the client, returns the method.
 */
export type ResourceExtension<C> = (client: C) => (...args: any[]) => unknown;

function method(client: CallingClient, name: string, meta: CallMeta, data: ResourceData | undefined): (...args: unknown[]) => unknown {
  const call = client[meta.method] as Call;
  let compiled: CompiledOperation | undefined;
  const split = (args: unknown[]) => splitArguments(name, meta, (compiled ??= compile(meta, data)), data?.parse, args);
  const pagination = meta.pagination;
  if (pagination) {
    return (...args) => {
      try {
        const { init, options } = split(args);
        const { concurrency, maxPages } = iterationOptions(name, options);
        return listFromQuery(
          name,
          pagination.maxTake,
          init.params.query as Record<string, any>,
          { concurrency, maxPages, signal: init.signal },
          (query, signal) => call(meta.path, { ...init, params: { ...init.params, query }, signal }),
        );
      } catch (error) {
        return failedList(name, error);
      }
    };
  }
  return (...args) => {
    let result: Promise<{ data: unknown; response: Response }>;
    try {
      result = call(meta.path, split(args).init);
    } catch (error) {
      result = Promise.reject(error);
    }
    return new InventPromise(result);
  };
}

function place(root: Record<string, any>, name: string, fn: unknown): void {
  const parts = name.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  const leaf = parts[parts.length - 1]!;
  if (node[leaf] !== undefined)
    throw new InventConfigError(`${name} is already defined; a hand-written method cannot replace a generated one`);
  node[leaf] = fn;
}

/**
 * Adds the resource namespaces and `paginate` to a client. `extensions` merges hand-written methods
 * into the tree by dotted name, e.g. `{ 'inbox.connect': (client) => (options) => openInbox(client, options) }`
 * (their types are composed with the generated interfaces in the client's type, see `Invent`).
 */
export function attachResources<C extends CallingClient>(
  client: C,
  extensions: Record<string, ResourceExtension<C>> = {},
): C &
  InventResources & {
    /** Walks a paginated GET of the typed calls (see `Paginate`). */
    paginate: Paginate;
  } {
  const target = client as unknown as Record<string, any>;
  for (const [i, meta] of operationList.entries()) {
    const data = resourceData[i];
    if (meta.sdkMethod && !data?.reserved) place(target, meta.sdkMethod, method(client, meta.sdkMethod, meta, data));
  }
  for (const [name, make] of Object.entries(extensions)) place(target, name, make(client));
  target.paginate = createPaginate(client);
  return client as C & InventResources & { paginate: Paginate };
}
