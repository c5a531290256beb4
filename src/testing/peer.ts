/**
 * The optional peer dependencies of `invent-sdk/testing`: Prism for the API mock, `ws` for the inbox
 * mock. They are imported when a mock starts, so `invent-sdk/testing` itself loads without them, and a
 * missing one fails with an error naming what to install instead of a bare "module not found".
 */
import { InventConfigError } from '../errors.js';

/** The versions the package declares in `peerDependencies` (a test keeps the two in step). */
export const PEER_VERSIONS = {
  '@stoplight/prism-core': '^5.8.0',
  '@stoplight/prism-http': '^5.12.0',
  '@stoplight/prism-http-server': '^5.12.2',
  ws: '^8.18.0',
} as const;

export type PeerName = keyof typeof PEER_VERSIONS;

/** The packages `startPrismServer` (and so `startInventMock` and `invent-mock`) needs. */
export const PRISM_PEERS: readonly PeerName[] = ['@stoplight/prism-http', '@stoplight/prism-http-server', '@stoplight/prism-core'];

function isMissing(error: unknown, names: readonly string[]): boolean {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return names.some((name) => String(message).includes(`'${name}'`) || String(message).includes(`"${name}"`));
}

/**
 * Runs `load` (a literal `import()` of a peer, so bundlers see it) and, when one of `names` is not
 * installed, throws an InventConfigError saying which feature needs which packages and how to install them.
 */
export async function importPeer<T>(feature: string, names: readonly PeerName[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, names)) throw error;
    const install = names.map((name) => `${name}@${PEER_VERSIONS[name]}`).join(' ');
    throw new InventConfigError(
      `${feature} needs ${names.join(', ')} (optional peer dependencies of invent-sdk, not installed). Install them with: npm install --save-dev ${install}`,
      { cause: error },
    );
  }
}
