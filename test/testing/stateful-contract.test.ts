/**
 * The stateful mock stays a contract harness: a walk through every operation of the contract (creates
 * first, parents before children, deletes last) checks every answer the mock sends against the
 * contract's response schema, independently of the mock's own check.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInventMock, type InventMock } from '../../src/testing/index.js';
import { violations } from '../support/schema-validator.js';
import { deref, sampleRequest, spec } from '../support/spec.js';

type Json = Record<string, any>;
const METHODS = ['post', 'get', 'put', 'patch', 'delete'] as const;
const ORDER = { post: 0, get: 1, put: 2, patch: 3, delete: 4 };

let mock: InventMock;
beforeAll(async () => {
  mock = await startInventMock({ stateful: { clock: 'manual' } });
});
afterAll(() => mock?.close());

function responseSchema(path: string, method: string, status: number): Json | undefined {
  const responses = spec.paths[path][method].responses as Json;
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (!response) return undefined;
  const content = deref(response).content as Json | undefined;
  return content?.['application/json']?.schema;
}

function encode(body: unknown, mediaType: string | undefined): { body?: BodyInit; headers: Record<string, string> } {
  if (body === undefined) return { headers: {} };
  if (mediaType === 'multipart/form-data') {
    const form = new FormData();
    for (const [k, v] of Object.entries(body as Json)) {
      if (typeof v === 'string') form.append(k, v);
      else form.append(k, new Blob([JSON.stringify(v)]), 'x.json');
    }
    return { body: form, headers: {} };
  }
  if (mediaType === 'application/x-www-form-urlencoded')
    return { body: new URLSearchParams(body as Record<string, string>).toString(), headers: { 'content-type': mediaType } };
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

it('every answer of every operation in stateful mode validates against the contract', { timeout: 120_000 }, async () => {
  const operations = Object.entries(spec.paths as Json)
    .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method })))
    .sort((a, b) => {
      const deletes = Number(a.method === 'delete') - Number(b.method === 'delete');
      if (deletes) return deletes;
      const depth = a.path.split('/').length - b.path.split('/').length;
      return (a.method === 'delete' ? -depth : depth) || ORDER[a.method] - ORDER[b.method];
    });
  const createdIds = new Map<string, string>(); // item path template -> an id created there
  const failures: string[] = [];
  const statuses = new Map<string, number>();
  let stateful2xx = 0;

  for (const { path, method } of operations) {
    const example = sampleRequest(path, method);
    // A WebSocket handshake is not a call fetch can make (the inbox tests cover it).
    if (spec.paths[path][method].responses['101']) continue;
    let url = path;
    for (const [name, value] of Object.entries(example.path)) {
      const template = path.slice(0, path.indexOf(`{${name}}`) + name.length + 2);
      url = url.replace(`{${name}}`, encodeURIComponent(createdIds.get(template) ?? String(value)));
    }
    const query = new URLSearchParams(Object.entries(example.query).map(([k, v]) => [k, String(v)]));
    const { body, headers } = encode(example.body, example.mediaType);
    const response = await fetch(`${mock.url}${url}${query.size ? `?${query}` : ''}`, {
      method: method.toUpperCase(),
      headers: { authorization: 'Bearer walk', ...example.header, ...headers },
      body,
    }).catch((error: Error) => {
      throw new Error(`${method.toUpperCase()} ${path}: ${error.message}`, { cause: error });
    });
    const text = await response.text();
    statuses.set(`${method.toUpperCase()} ${path}`, response.status);
    const json = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
    if (json?.code === 'STATEFUL_MOCK_DRIFT') failures.push(`${method.toUpperCase()} ${path}: ${JSON.stringify(json.message)}`);
    const schema = responseSchema(path, method, response.status);
    if (schema && json !== undefined) {
      const problems = violations(schema, json);
      if (problems.length) failures.push(`${method.toUpperCase()} ${path} ${response.status}: ${problems.join('; ')}`);
    }
    if (method === 'post' && response.ok && json && typeof json.id === 'string') {
      const item = Object.keys(spec.paths).find((p) => p.startsWith(`${path}/{`) && p.split('/').length === path.split('/').length + 1);
      if (item) createdIds.set(item, json.id);
    }
    if (response.ok) stateful2xx++;
  }

  expect(failures).toEqual([]);
  expect(mock.requests.filter((r) => r.violations.length)).toEqual([]);
  // The walk reached the records it created: reads, changes and deletes of them answered 2xx.
  for (const op of ['GET', 'PATCH', 'DELETE'].map((m) => `${m} /orgs/{org_id}/contacts/{contact_id}`)) expect(statuses.get(op)).toBe(200);
  expect(statuses.get('GET /orgs/{org_id}/broadcasts/{broadcast_id}/templates/{template_id}')).toBe(200);
  expect(stateful2xx).toBeGreaterThan(operations.length / 2);
});
