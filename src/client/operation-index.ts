import { type CallMeta, operationList } from '../../generated/operations.js';

const byRoute = new Map<string, CallMeta>();
for (const op of operationList) byRoute.set(`${op.method} ${op.path}`, op);

/** Finds the operation for a method and path template, as the typed calls name them. */
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
