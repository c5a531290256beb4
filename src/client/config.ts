/**
 * The client's options resolved and checked once, before anything is built: environment defaults,
 * a safe base URL, a well-formed key and headers, and the browser opt-in.
 */
import { readEnv } from '../env.js';
import { InventConfigError } from '../errors.js';
import { isBrowserPage } from '../internal/runtime.js';
import { resolveBaseUrl } from './base-url.js';
import { CLIENT_OPTION_KEYS, checkApiKey, checkHeaders, checkKnownKeys } from './check-options.js';
import type { InventOptions } from './types.js';

/** The options with every default filled in. */
export interface ClientConfig extends InventOptions {
  readonly baseUrl: string;
  readonly orgId: string;
  readonly apiKey: string | undefined;
}

/** Fills in the defaults and refuses options that cannot work, with an InventConfigError. */
export function resolveConfig(options: InventOptions): ClientConfig {
  if (isBrowserPage() && options.dangerouslyAllowBrowser !== true) {
    throw new InventConfigError(
      'createInvent() refuses to run in a browser: an Invent API key grants full access to its organization, and a key in a web page can be read by anyone who loads it. Call the API from your server, or pass { dangerouslyAllowBrowser: true } if you accept that risk.',
    );
  }
  checkKnownKeys(options, CLIENT_OPTION_KEYS, 'createInvent()');
  const baseUrl = resolveBaseUrl(options.baseUrl ?? readEnv('INVENT_BASE_URL'));
  const orgId = options.orgId ?? 'c';
  const apiKey = checkApiKey(options.apiKey ?? readEnv('INVENT_API_KEY'));
  checkHeaders(options.headers, 'createInvent({ headers })');
  return { ...options, baseUrl, orgId, apiKey };
}
