/**
 * The WebSocket of Node 20, which has no global one: the `ws` package (an optional peer), imported
 * when the first connection opens. Reached through the package's `#inbox-websocket` import, which
 * sends browsers, Workers, Deno and Bun to ./none.ts instead, so their bundlers never look for `ws`.
 */
export async function importWebSocket(): Promise<unknown> {
  const mod = (await import('ws')) as { WebSocket?: unknown; default?: unknown };
  return mod.WebSocket ?? mod.default;
}
