import { describe, expect, it } from 'vitest';
import { applyTypeRules } from '../../scripts/lib/type-rules.js';

const contact = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, name: { type: 'string' } } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const spec = () => ({
  openapi: '3.1.0',
  paths: {
    '/things': {
      post: { requestBody: json({ $ref: '#/components/schemas/Thing' }), responses: { 200: json({ $ref: '#/components/schemas/Thing' }) } },
      put: { requestBody: json({ type: 'object', additionalProperties: true }), responses: { 204: {} } },
      patch: { requestBody: json({ allOf: [contact, { anyOf: [{ required: ['name'] }] }] }), responses: { 204: {} } },
    },
    '/things/{thing_id}': { get: { responses: { 200: json({ $ref: '#/components/schemas/Thing' }) } } },
  },
  components: { schemas: { Thing: contact } },
});

describe('type rules', () => {
  it('closes a request body that declares fields, on a copy, leaving the shared schema open for responses', () => {
    const out = applyTypeRules(spec(), { closedRequests: true });
    const body = (m: string) => out.paths['/things'][m].requestBody.content['application/json'].schema;
    expect(body('post')).toEqual({ type: 'object', properties: contact.properties });
    expect(out.components.schemas.Thing.additionalProperties).toBe(true);
    expect(body('put')).toEqual({ type: 'object', additionalProperties: true });
    expect(body('patch').allOf[0].additionalProperties).toBeUndefined();
  });

  it('requires the id of an entity addressed by id, and the fields the config says are always present', () => {
    const out = applyTypeRules(spec(), { entityIds: true, alwaysPresent: { 'POST /things': ['name'] } });
    expect(out.components.schemas.Thing.required).toEqual(['id', 'name']);
    expect(applyTypeRules(spec(), {}).components.schemas.Thing.required).toBeUndefined();
  });

  it('names a field the config promises but the response does not have', () => {
    expect(() => applyTypeRules(spec(), { alwaysPresent: { 'GET /things/{thing_id}': ['email'] } })).toThrow(
      'invent.config.ts: types.alwaysPresent: GET /things/{thing_id} has no field email',
    );
  });
});
