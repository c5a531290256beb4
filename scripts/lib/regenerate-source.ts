/** Where `npm run regenerate` may read a contract from: an https URL, plain http only on this machine, or a file. */
import { resolve } from 'node:path';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The source as spec:pull should get it (files made absolute); throws naming the problem before any request is sent. */
export function contractSource(from: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(from) || /^[a-z]:[\\/]/i.test(from)) return resolve(from);
  let url: URL;
  try {
    url = new URL(from);
  } catch {
    throw new Error(`--from ${JSON.stringify(from)} is not a valid URL`);
  }
  if (url.protocol === 'https:' || url.protocol === 'file:') return from;
  if (url.protocol === 'http:') {
    if (LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost')) return from;
    throw new Error(`--from ${url.origin}: plain http:// is only for local hosts; use https://`);
  }
  throw new Error(`--from ${JSON.stringify(from)}: expected an https:// URL or a file`);
}

/** The source as logs and reports show it: a URL without credentials or query (a token may ride in either). */
export function displaySource(from: string): string {
  if (!/^https?:/i.test(from)) return from;
  const url = new URL(from);
  const hidden = url.username || url.password || url.search;
  url.username = '';
  url.password = '';
  url.search = '';
  return hidden ? `${url.href} (credentials and query hidden)` : url.href;
}
