import { InventApiError } from '../../src/errors.js';
import {
  connectInbox,
  type InboxConnectOptions,
  type InboxConnection,
  type InboxDeps,
  type InboxEvent,
  type InboxListenerMap,
} from '../../src/inbox/index.js';
import { serverDate } from '../../src/inbox/reconcile-cutoff.js';
import type { InboxMock } from '../../src/testing/inbox-server.js';

/** `listInboxChats` over plain fetch, as `invent.GET('/orgs/{org_id}/inbox')` will do it. */
export function restDeps(mock: InboxMock, overrides: Partial<InboxDeps> = {}): InboxDeps & { calls: number } {
  const deps: InboxDeps & { calls: number } = {
    calls: 0,
    baseUrl: mock.url,
    apiKey: mock.apiKey,
    orgId: 'c',
    async listInboxChats({ orgId, page, take, signal }) {
      deps.calls++;
      const response = await fetch(`${mock.url}/orgs/${encodeURIComponent(orgId)}/inbox?page=${page}&take=${take}`, {
        headers: { Authorization: `Bearer ${deps.apiKey}` },
        signal,
      });
      const body: unknown = await response.json();
      if (!response.ok) throw InventApiError.from(response, body, 'getOrgInboxChats');
      return { items: body as unknown[], serverTime: serverDate(response.headers) };
    },
    ...overrides,
  };
  return deps;
}

/** Short timers so the suite runs in seconds. */
export const fast: InboxConnectOptions = {
  heartbeat: { intervalMs: 50, staleAfterMs: 300 },
  reconnect: { initialDelayMs: 20, maxDelayMs: 200, resetAfterMs: 1000 },
  reconcile: { overlapMs: 0, timeoutMs: 2000 },
  connectTimeoutMs: 2000,
  closeTimeoutMs: 300,
};

export function connect(mock: InboxMock, options: InboxConnectOptions = {}, deps?: InboxDeps): InboxConnection {
  return connectInbox(deps ?? restDeps(mock), { ...fast, ...options });
}

/** Records what every listener receives, in one ordered log. */
export function record(inbox: InboxConnection) {
  const events: InboxEvent[] = [];
  const log: Array<{ type: keyof InboxListenerMap; payload: unknown }> = [];
  inbox.on('event', (e) => events.push(e));
  for (const type of ['error', 'unknown', 'open', 'reconnecting', 'reconnected', 'reconciled', 'dropped', 'close'] as const) {
    inbox.on(type, (payload) => log.push({ type, payload }));
  }
  return { events, log, of: (type: keyof InboxListenerMap) => log.filter((l) => l.type === type).map((l) => l.payload as any) };
}

/** Resolves with the next payload of `type`. */
export function next<K extends keyof InboxListenerMap>(inbox: InboxConnection, type: K, timeoutMs = 3000): Promise<InboxListenerMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no \`${type}\` within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = inbox.on(type, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls until `check` is true. */
export async function until(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
