/** Resolves a request's method and concrete path to the contract's operation (path template, and operationId as information). */
import { routeIdentity } from '../client/route-identity.js';

export interface RouteOperation {
  method: string;
  path: string;
  operationId: string | undefined;
}

export interface ResolvedRoute {
  /** The path template from the contract, e.g. `/orgs/{org_id}/contacts/{contact_id}`. */
  path: string;
  operationId: string | undefined;
}

/** Splits a concrete path into decoded segments. */
export function pathSegments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** True when a concrete path fits a template (`{name}` matches one non-empty segment; other segments must be equal). */
export function fitsTemplate(template: string, segments: readonly string[]): boolean {
  const parts = template.split('/').slice(1);
  if (parts.length !== segments.length) return false;
  return parts.every((part, i) => (/^\{[^}]+\}$/.test(part) ? segments[i] !== '' : part === segments[i]));
}

export class RouteTable {
  private readonly byMethod = new Map<string, Array<RouteOperation & { params: number }>>();
  readonly templates = new Set<string>();
  /** Every operation's `routeIdentity` (`POST /orgs/{}/broadcasts/{}/send`). */
  readonly identities = new Set<string>();

  constructor(operations: readonly RouteOperation[]) {
    for (const op of operations) {
      const method = op.method.toUpperCase();
      const list = this.byMethod.get(method) ?? [];
      // Fewer parameters first: `/contacts/stats` wins over `/contacts/{contact_id}`.
      list.push({ ...op, method, params: (op.path.match(/\{/g) ?? []).length });
      this.byMethod.set(method, list);
      this.templates.add(op.path);
      this.identities.add(routeIdentity(method, op.path));
    }
    for (const list of this.byMethod.values()) list.sort((a, b) => a.params - b.params);
  }

  resolve(method: string, path: string): ResolvedRoute | undefined {
    const segments = pathSegments(path);
    const op = this.byMethod.get(method.toUpperCase())?.find((o) => fitsTemplate(o.path, segments));
    return op ? { path: op.path, operationId: op.operationId } : undefined;
  }

  /** True when some operation has this path (under any method): the request names a real resource with the wrong method. */
  hasPath(path: string): boolean {
    const segments = pathSegments(path);
    for (const list of this.byMethod.values()) if (list.some((o) => fitsTemplate(o.path, segments))) return true;
    return false;
  }
}
