import { type OperationId, type OperationMeta, operations } from '../../generated/operations.js';

const byRoute = new Map<string, OperationId>();
for (const [id, op] of Object.entries(operations) as Array<[OperationId, OperationMeta]>) byRoute.set(`${op.method} ${op.path}`, id);

/** Finds the operation for a method and path template, as the typed calls name them. */
export function findOperation(method: string, path: string): OperationId | undefined {
  return byRoute.get(`${method.toUpperCase()} ${path}`);
}
