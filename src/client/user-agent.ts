/**
 * The `User-Agent` the SDK sends: `invent-sdk/<version>`, the version from package.json, written in
 * by the build (tsup's `define`; vitest's for the source). Not in a browser page, where the header
 * belongs to the browser and setting it would only add a CORS preflight.
 */
declare const __INVENT_SDK_VERSION__: string | undefined;

export const SDK_VERSION: string = typeof __INVENT_SDK_VERSION__ === 'string' ? __INVENT_SDK_VERSION__ : '0.0.0-source';

/** The header to send by default, or none in a browser page. */
export function userAgentHeader(inBrowser: boolean): Record<string, string> {
  return inBrowser ? {} : { 'User-Agent': `invent-sdk/${SDK_VERSION}` };
}
