/**
 * `inbox.connect()` on a runtime with no global WebSocket and no `ws` installed: the connect call itself
 * fails, with an InventConfigError naming the install command (not `ready()` later). The missing
 * module is simulated by a mock of `ws` that fails to load.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('ws');
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('inbox.connect() without ws', () => {
  it('fails at connect() with an InventConfigError that names `npm install ws`', async () => {
    vi.stubGlobal('WebSocket', undefined);
    vi.doMock('ws', () => {
      throw new Error("Cannot find package 'ws' imported from invent-sdk");
    });
    const { createInvent, InventConfigError } = await import('../../src/index.js');
    const invent = createInvent({ apiKey: 'sk_inbox_key', baseUrl: 'http://127.0.0.1:9' });
    const error = await invent.inbox.connect().then(
      () => expect.fail('expected connect() to fail'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InventConfigError);
    expect((error as Error).message).toMatch(/npm install ws/);
    expect((error as Error).message).toMatch(/no global WebSocket/);
  });

  it('connects as usual when ws loads', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const { startInboxMock } = await import('../../src/testing/inbox-server.js');
    const { createInvent } = await import('../../src/index.js');
    const mock = await startInboxMock();
    try {
      const inbox = await createInvent({ apiKey: mock.apiKey, baseUrl: mock.url }).inbox.connect();
      await inbox.ready();
      await inbox.close();
    } finally {
      await mock.close();
    }
  });
});
