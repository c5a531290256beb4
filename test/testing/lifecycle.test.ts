/** Several mocks at once, another contract, and a close() that frees everything. Alone in its file so open handles can be counted. */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startInventMock } from '../../src/testing/index.js';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Sockets and servers this process holds open. */
const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;

it('runs several mocks at once; close() frees their ports and leaves no open handles', { timeout: 120_000 }, async () => {
  const baseline = tcpHandles();
  const [a, b] = await Promise.all([startInventMock(), startInventMock()]);
  expect(a.url).not.toBe(b.url);
  await Promise.all([
    a.client.GET('/orgs/{org_id}/assistants'),
    b.client.GET('/orgs/{org_id}/contacts'),
    fetch(`${a.url}/orgs/c/contacts`).then((r) => r.text()),
  ]);
  expect(a.requests.map((r) => r.operation)).toEqual(
    expect.arrayContaining(['GET /orgs/{org_id}/assistants', 'GET /orgs/{org_id}/contacts']),
  );
  expect(b.requests.map((r) => r.operation)).toEqual(['GET /orgs/{org_id}/contacts']);
  expect(tcpHandles()).toBeGreaterThan(baseline);

  await Promise.all([a.close(), b.close()]);
  await a.close(); // closing twice is fine
  // Handles are released on the next turns of the event loop.
  for (let i = 0; i < 50 && tcpHandles() !== baseline; i++) await new Promise((r) => setTimeout(r, 10));
  expect(tcpHandles()).toBe(baseline);
  expect(await portIsFree(a.port)).toBe(true);
  expect(await portIsFree(b.port)).toBe(true);
});

it('serves another contract when given one', async () => {
  const other = await startInventMock({ spec: fileURLToPath(new URL('../fixtures/specs/base.json', import.meta.url)) });
  try {
    const { data } = await other.client.raw.GET('/orgs/{org_id}/assistants/{assistant_id}', {
      params: { path: { assistant_id: 'ast_1' } },
    });
    expect(data).toEqual({ id: 'ast_1', name: 'Support', enabled: true });
    expect(other.requests[0]?.operation).toBe('GET /orgs/{org_id}/assistants/{assistant_id}');
  } finally {
    await other.close();
  }
});

it('refuses to start with a scenario that names an operation the contract lacks', async () => {
  await expect(
    startInventMock({ scenarios: [{ match: { operation: 'GET /orgs/{org_id}/no-such-thing' }, steps: [{ status: 500 }] }] }),
  ).rejects.toThrow(/no-such-thing.*not an operation of the contract/);
});
