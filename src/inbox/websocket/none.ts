/**
 * The `#inbox-websocket` import for runtimes that have a global WebSocket (browsers, Workers, Deno,
 * Bun): nothing to import, so bundlers for them never reach `ws`.
 */
export async function importWebSocket(): Promise<unknown> {
  return undefined;
}
