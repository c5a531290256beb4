/**
 * The SDK's own `x-invent-*` extensions (rate limits, pagination, idempotency, resource-method names)
 * live in openapi.json beside Invent's contract. The live contract may lack them: a pull carries them
 * over from the current openapi.json, operation by operation (method + path), so they survive.
 */
import { eachOperation, routeKey, type Json } from './spec-source.js';

export const EXTENSION_PREFIX = 'x-invent-';

export interface CarryReport {
  /** Operations that got at least one extension from the current contract (`GET /orgs/{org_id}/contacts`). */
  carried: string[];
  /** Operations left with no x-invent-* extension at all: new operations, to be annotated by hand. */
  missing: string[];
}

/**
 * Copies, into `pulled` (in place), every x-invent-* key of `current`'s operations that the same
 * operation in `pulled` lacks. Operations are matched by method and path, whatever their path
 * parameters are named. Where the pulled contract has an extension, it wins.
 */
export function carryExtensions(pulled: Json, current: Json | undefined): CarryReport {
  const previous = new Map<string, Json>();
  if (current) for (const { path, method, op } of eachOperation(current)) previous.set(routeKey(method, path), op);
  const report: CarryReport = { carried: [], missing: [] };
  for (const { path, method, op } of eachOperation(pulled)) {
    const name = `${method.toUpperCase()} ${path}`;
    const old = previous.get(routeKey(method, path));
    let copied = 0;
    for (const [key, value] of Object.entries(old ?? {})) {
      if (key.startsWith(EXTENSION_PREFIX) && !(key in op)) {
        op[key] = structuredClone(value);
        copied += 1;
      }
    }
    if (copied) report.carried.push(name);
    if (!Object.keys(op).some((k) => k.startsWith(EXTENSION_PREFIX)))
      report.missing.push(op.operationId ? `${name} (${op.operationId})` : name);
  }
  return report;
}
