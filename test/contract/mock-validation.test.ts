/** The mock is only a contract test if it rejects what the contract forbids: these are its negative controls. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInvent, InventApiError } from '../../src/index.js';
import { startPrismServer, type PrismServer } from '../../src/testing/prism-server.js';
import { specPath } from '../support/spec.js';

let mock: PrismServer;
beforeAll(async () => {
  mock = await startPrismServer({ spec: specPath });
});
afterAll(() => mock?.close());

it('answers 401 to a call without a bearer token', async () => {
  const response = await fetch(`${mock.url}/orgs/c/assistants`);
  expect(response.status).toBe(401);
});

it('rejects a body that breaks the contract, naming the violation', async () => {
  const invent = createInvent({ apiKey: 'k', baseUrl: mock.url });
  const { response } = await invent.raw.POST('/orgs/{org_id}/assistants', { body: { name: 'x'.repeat(1025) } });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('sl-violations')).toMatch(/name/);
});

it('rejects take above 100', async () => {
  const invent = createInvent({ apiKey: 'k', baseUrl: mock.url });
  const error = await invent.GET('/orgs/{org_id}/contacts', { params: { query: { take: 101 } } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventApiError);
  expect((error as InventApiError).headers.get('sl-violations')).toMatch(/take/);
});

it('rejects a transactional send that names no recipient', async () => {
  const invent = createInvent({ apiKey: 'k', baseUrl: mock.url });
  // @ts-expect-error the contract requires an identifier (a name alone is not one)
  const { response } = await invent.raw.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
    params: { path: { broadcast_id: 'brd_1' } },
    body: { name: 'Ana' },
  });
  expect(response.status).toBe(400);
});
