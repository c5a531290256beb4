import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectInbox } from '../../src/inbox/index.js';
import { sleep } from './support.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('inbox: nothing keeps the process alive after close()', () => {
  it('a child process that closes during a reconnect exits on its own', async () => {
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/inbox/fixtures/close-during-reconnect.ts'], {
      cwd: root,
      timeout: 15_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ count: 1, state: 'closed' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('close() while the handshake hangs (a server that never answers the upgrade) frees the socket', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.resume(); // read (and discard) the upgrade request, so the client's FIN is seen
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const before = tcpHandles();
    const inbox = connectInbox(
      { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k', orgId: 'c', listInboxChats: async () => ({ items: [] }) },
      { connectTimeoutMs: 60_000 },
    );
    while (sockets.size === 0) await sleep(5);
    expect(inbox.state).toBe('connecting');
    await inbox.close();
    while (sockets.size > 0) await sleep(5);
    await sleep(20);
    expect(tcpHandles()).toBeLessThanOrEqual(before);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'Timeout').length;
}
