/**
 * The contract suite: one valid request for every operation in generated/operations.ts, sent through
 * the SDK to Prism serving openapi.json with request validation and the bearer check on. Each must
 * answer the declared success status with a body of the declared shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationKey } from '../../generated/operations.js';
import { createInvent, type Invent } from '../../src/index.js';
import { startPrismServer, type PrismServer } from '../../src/testing/prism-server.js';
import { exampleRequest, successResponse } from '../support/spec.js';
import { violations } from '../support/schema-validator.js';
import { upgradeStatus } from '../support/upgrade.js';

// Operations whose success is a protocol switch (101, the inbox WebSocket) are sent as raw HTTP
// upgrade requests (fetch cannot carry one) and must be answered 101, and 401 without a key.

const ids = Object.keys(operations) as OperationKey[];
let mock: PrismServer;
let invent: Invent;
const exercised = new Set<string>();

beforeAll(async () => {
  mock = await startPrismServer({ validateRequest: true, checkSecurity: true });
  invent = createInvent({ apiKey: 'test-key', baseUrl: mock.url });
});

afterAll(async () => {
  await mock?.close();
  console.log(`contract: ${exercised.size} of ${ids.length} operations exercised against the mock`);
});

function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    form.append(key, typeof value === 'string' && key === 'file' ? new Blob([value], { type: 'application/octet-stream' }) : String(value));
  }
  return form;
}

describe('every operation against the Prism mock', () => {
  it.each(ids)('%s', async (id) => {
    const op = operations[id];
    const example = exampleRequest(op.path, op.method.toLowerCase());
    const expected = successResponse(op.path, op.method.toLowerCase());
    if (expected.status === '101') {
      const url = `${mock.url}${op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(example.path[name]!))}`;
      expect(await upgradeStatus(url, { Authorization: 'Bearer test-key' })).toBe(101);
      expect(await upgradeStatus(url, {})).toBe(401);
      exercised.add(id);
      return;
    }
    const body = example.mediaType === 'multipart/form-data' ? toFormData(example.body as Record<string, unknown>) : example.body;
    const call = invent.raw[op.method] as (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const { data, error, response } = await call(op.path, {
      params: { path: example.path, query: example.query, header: example.header },
      body,
      parseAs: expected.mediaType && !expected.mediaType.includes('json') ? 'text' : 'json',
    });
    expect(error, `${id} answered ${response.status}: ${JSON.stringify(error)}`).toBeUndefined();
    expect(String(response.status)).toMatch(new RegExp(`^${expected.status.replace(/X/g, '\\d')}$`));
    if (expected.schema) expect(violations(expected.schema, data), `${id} response body`).toEqual([]);
    exercised.add(id);
  });
});
