/**
 * Which WebSocket implementation the inbox uses, and the small surface it needs from it.
 *
 * - A `WebSocket` constructor passed in the options wins.
 * - Else the runtime's global `WebSocket` (browsers, Deno, Bun, Node 22+).
 * - Else (Node 20) the `ws` package, loaded with a dynamic `import()` the first time a connection is
 *   opened, so importing the SDK never loads it. The import goes through the package's
 *   `#inbox-websocket` (./websocket/), whose `browser`, `worker`, `workerd`, `deno` and `bun`
 *   conditions point at a module without it: bundlers for those platforms leave `ws` out by themselves.
 *
 * The API key travels in an `Authorization: Bearer` header, passed as `{ headers }` in the second
 * constructor argument: `ws`, Node's (undici's) WebSocket, Deno and Bun accept it. Browsers' WebSocket
 * cannot send headers at all, so there the SDK refuses to connect with a key (see `connectInbox`).
 *
 * `ws` adds what the standard API lacks and the SDK uses when present: `ping()` and `pong` events for
 * the heartbeat, the HTTP status of a refused upgrade (`unexpected-response`), and `terminate()`.
 */

import { InventConfigError } from '../errors.js';

/** The part of a WebSocket the inbox uses: the standard API, plus the `ws` extras when they exist. */
export interface SocketLike {
  readonly readyState: number;
  binaryType?: string;
  addEventListener(type: string, listener: (event: any) => void): void;
  close(code?: number, reason?: string): void;
  /** `ws` only. */
  ping?: () => void;
  /** `ws` only: destroys the socket at once, without a closing handshake. */
  terminate?: () => void;
  /** `ws` only (Node's EventEmitter). */
  on?: (event: string, listener: (...args: any[]) => void) => unknown;
}

/** A WebSocket constructor: the standard one, `ws`'s, or any compatible class. */
export type WebSocketConstructor = new (url: string, protocolsOrInit?: any) => SocketLike;

/** The runtime's global WebSocket, if it has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const ctor = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof ctor === 'function' ? (ctor as WebSocketConstructor) : undefined;
}

/** What to do when there is no WebSocket to use, for the error that says so. */
export const NO_WEBSOCKET =
  'the inbox needs a WebSocket: this runtime has no global WebSocket (Node 20) and the `ws` package did not load; install it with `npm install ws` (or pass { WebSocket })';

/**
 * The constructor to use, loaded now: `inbox.connect()` calls it first, so a missing `ws` fails the
 * connect call itself with the install command, not `ready()` later.
 */
export async function requireWebSocket(given?: WebSocketConstructor): Promise<WebSocketConstructor> {
  try {
    return await loadWebSocket(given);
  } catch (cause) {
    throw new InventConfigError(NO_WEBSOCKET, { cause });
  }
}

/** The constructor to use: the given one, the global one, or `ws`, imported now (and only now). */
export async function loadWebSocket(given?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (given) return given;
  const global = globalWebSocket();
  if (global) return global;
  const { importWebSocket } = await import('#inbox-websocket');
  const ctor = await importWebSocket();
  if (typeof ctor !== 'function')
    throw new Error('this runtime has no WebSocket: pass one as the `WebSocket` option, or install `ws` on Node 20');
  return ctor as WebSocketConstructor;
}

const decoder = new TextDecoder();

/** A frame's text: frames are UTF-8 JSON, whether sent as text or binary. Blobs are read asynchronously. */
export function frameText(data: unknown): string | Promise<string> {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return decoder.decode(data);
  if (ArrayBuffer.isView(data)) return decoder.decode(data);
  if (Array.isArray(data)) return data.map((part) => decoder.decode(part as Uint8Array)).join('');
  if (typeof (data as { text?: unknown })?.text === 'function') return (data as Blob).text();
  return String(data);
}
