/**
 * The contract suite: one valid request for every operation of the contract (openapi.json, or the file
 * `INVENT_SPEC` names), sent through the SDK's typed path calls to Prism serving that contract with
 * request validation and the bearer check on. Each must answer the declared success status with a body
 * of the declared shape. Requests use the contract's examples where it has them and values generated
 * from the schemas where it does not, so the suite runs on any contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvent, type Invent } from '../../src/index.js';
import { startPrismServer, type PrismServer } from '../../src/testing/prism-server.js';
import { contractOperations, fileFields, sampleRequest, specPath, successResponse } from '../support/spec.js';
import { violations } from '../support/schema-validator.js';
import { upgradeStatus } from '../support/upgrade.js';

// Operations whose success is a protocol switch (101, the inbox WebSocket) are sent as raw HTTP
// upgrade requests (fetch cannot carry one) and must be answered 101, and 401 without a key.

let mock: PrismServer;
let invent: Invent;
const exercised = new Set<string>();

beforeAll(async () => {
  mock = await startPrismServer({ spec: specPath, validateRequest: true, checkSecurity: true });
  invent = createInvent({ apiKey: 'test-key', baseUrl: mock.url });
});

afterAll(async () => {
  await mock?.close();
  console.log(`contract: ${exercised.size} of ${contractOperations.length} operations exercised against the mock`);
});

function toFormData(body: Record<string, unknown>, files: Set<string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    form.append(key, files.has(key) ? new Blob([text], { type: 'application/octet-stream' }) : text);
  }
  return form;
}

describe('every operation against the Prism mock', () => {
  it('the mock serves every operation of the contract', () => {
    const served = new Set(mock.operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
    expect(contractOperations.length).toBeGreaterThan(0);
    expect(contractOperations.map((op) => op.name).filter((name) => !served.has(name))).toEqual([]);
  });

  it.each(contractOperations)('$name', async ({ method, path, name }) => {
    const request = sampleRequest(path, method);
    const expected = successResponse(path, method);
    if (expected.status === '101') {
      const url = `${mock.url}${path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(request.path[param]!))}`;
      expect(await upgradeStatus(url, { Authorization: 'Bearer test-key' })).toBe(101);
      expect(await upgradeStatus(url, {})).toBe(401);
      exercised.add(name);
      return;
    }
    const body =
      request.mediaType === 'multipart/form-data'
        ? toFormData(request.body as Record<string, unknown>, fileFields(request.bodySchema))
        : request.body;
    const call = invent.raw[method.toUpperCase() as 'GET'] as (
      path: string,
      init: object,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const { data, error, response } = await call(path, {
      params: { path: request.path, query: request.query, header: request.header },
      body,
      parseAs: expected.mediaType && !expected.mediaType.includes('json') ? 'text' : 'json',
    });
    expect(error, `${name} answered ${response.status}: ${JSON.stringify(error)}`).toBeUndefined();
    expect(String(response.status)).toMatch(new RegExp(`^${expected.status.replace(/X/g, '\\d')}$`));
    if (expected.schema) expect(violations(expected.schema, data), `${name} response body`).toEqual([]);
    exercised.add(name);
  });
});
