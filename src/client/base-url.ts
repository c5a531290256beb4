import { InventConfigError } from '../errors.js';

export const DEFAULT_BASE_URL = 'https://api.useinvent.com';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** True for loopback hosts, the only ones a plain http:// base URL may point at. */
export function isLocalHost(hostname: string): boolean {
  return LOCAL_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Validates and normalises a base URL. An API key sent over plain HTTP can be read on the wire, so
 * http:// is refused unless the host is local (a mock server or a proxy on this machine).
 */
export function resolveBaseUrl(input: string | undefined): string {
  const raw = input ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InventConfigError(`baseUrl is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.username || url.password) throw new InventConfigError('baseUrl must not contain credentials; pass apiKey instead');
  if (url.search || url.hash) throw new InventConfigError('baseUrl must not contain a query string or fragment');
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    throw new InventConfigError(`baseUrl ${url.origin} uses plain http://, which is only allowed for local hosts; use https://`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InventConfigError(`baseUrl must be an https:// URL, got ${url.protocol}`);
  }
  return url.href.replace(/\/+$/, '');
}
