import { resolveBaseUrl } from '../client/base-url.js';
import { fillPath } from '../client/path-params.js';

/**
 * The inbox socket's URL: the client's base URL with `https:` -> `wss:` (and `http:` -> `ws:`, which
 * `resolveBaseUrl` allows only for local hosts), then `/orgs/{org_id}/inbox/ws` with the org id
 * percent-encoded into its own segment (`''`, `.` and `..` refused), after any path the base URL has.
 */
export function inboxSocketUrl(baseUrl: string, orgId: string): string {
  const url = new URL(resolveBaseUrl(baseUrl));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = url.pathname.replace(/\/+$/, '') + fillPath('/orgs/{org_id}/inbox/ws', { org_id: orgId });
  return url.href;
}
