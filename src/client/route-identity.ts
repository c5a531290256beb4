/**
 * The identity of an operation: `METHOD /path/{}`, its path parameters compared by position, so
 * `/orgs/{org_id}/contacts` and `/orgs/{orgId}/contacts` are the same operation. The SDK's config,
 * the operation map and the mock's scenarios all match operations this way.
 */
export function routeIdentity(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}
