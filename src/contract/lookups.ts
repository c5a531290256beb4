/** Finding an operation's metadata from a call's method and path template, as the typed calls name them. */
import { operationList } from '../../generated/operations.js';
import type { CallMeta } from './types.js';

const byRoute = new Map<string, CallMeta>();
for (const op of operationList) byRoute.set(`${op.method} ${op.path}`, op);

/** The operation for a method and path template, or undefined for a call outside the contract. */
export function findOperation(method: string, path: string): CallMeta | undefined {
  return byRoute.get(`${method.toUpperCase()} ${path}`);
}

/**
 * How messages, logs and errors name a call: its resource method (`contacts.list`), or
 * `METHOD /path/template` for a call outside the contract or one without a resource method.
 */
export function labelOf(method: string, path: string, operation: CallMeta | undefined): string {
  return operation?.sdkMethod ?? `${method.toUpperCase()} ${path}`;
}
