import { describe, expect, it } from 'vitest';
import { operationList, operations, rateLimitGroups } from '../../generated/operations.js';
import { resourceData } from '../../generated/resources.js';
import { encodeNames, encodeOperations, expandOperations, nameOperations } from '../../src/contract/operation-table.js';
import { encodeResourceData, expandResourceData } from '../../src/contract/resource-table.js';
import { encodeRule, parseRule, type Rule } from '../../src/contract/rules.js';
import type { OperationMeta, RateLimitGroup } from '../../src/contract/types.js';

const groups: Record<string, RateLimitGroup> = { a: { limit: 1, windowSeconds: 1 }, b: { limit: 2, windowSeconds: 60, scope: 'org' } };

/** Operations that exercise every flag of the table: the generated ones only cover what the contract has. */
const unusual: Record<string, OperationMeta> = {
  'GET /things': {
    method: 'GET',
    path: '/things',
    sdkMethod: 'things.list',
    idempotent: true,
    rateLimits: ['a'],
    pathParams: [],
    pagination: { style: 'page', maxTake: 25 },
    body: null,
    auth: false,
    operationId: 'listThings',
    tag: 'Things',
  },
  'POST /things': {
    method: 'POST',
    path: '/things',
    sdkMethod: null,
    idempotent: true,
    rateLimits: ['a', 'b'],
    pathParams: [],
    pagination: null,
    body: { mediaType: 'text/csv', required: true },
    auth: true,
    operationId: null,
    tag: 'Things',
  },
  'PATCH /things/{thingId}': {
    method: 'PATCH',
    path: '/things/{id}',
    sdkMethod: 'things.rename',
    idempotent: false,
    rateLimits: [],
    pathParams: ['thingId'],
    pagination: null,
    body: { mediaType: 'application/json', required: false },
    auth: true,
    operationId: 'renameThing',
    tag: 'Other',
  },
};

describe('the operation table', () => {
  it('expands to exactly the metadata it was encoded from (the generated operations)', () => {
    const table = encodeOperations(operations, Object.keys(rateLimitGroups));
    const names = encodeNames(operations);
    expect(expandOperations(table, rateLimitGroups)).toEqual(operationList);
    expect(nameOperations(expandOperations(table, rateLimitGroups), names)).toEqual(operations);
  });

  it('round-trips every flag: page size, idempotency, public calls, media types, groups, renamed path parameters', () => {
    const table = encodeOperations(unusual, Object.keys(groups));
    const expanded = nameOperations(expandOperations(table, groups), encodeNames(unusual));
    expect(expanded).toEqual(unusual);
  });

  it('writes placeholders named after their collection as {} and names kept from the predicted one as a count, and reads them back', () => {
    const op = (method: OperationMeta['method'], path: string, sdkMethod: string | null): OperationMeta => ({
      ...unusual['GET /things']!,
      method,
      path,
      sdkMethod,
      pagination: null,
      auth: true,
      rateLimits: ['a'],
      pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
    });
    const list: Record<string, OperationMeta> = {
      'GET /orgs/{org_id}/activities/{activity_id}': op('GET', '/orgs/{org_id}/activities/{activity_id}', 'activities.get'),
      'POST /orgs/{org_id}/activities/{activity_id}/sub-items/{sub_item_id}': op(
        'POST',
        '/orgs/{org_id}/activities/{activity_id}/sub-items/{sub_item_id}',
        'activities.subItems.attach',
      ),
      'DELETE /orgs/{org_id}/boxes/{id}': op('DELETE', '/orgs/{org_id}/boxes/{id}', 'boxes.delete.all'),
      'PUT /orgs/{org_id}/boxes/{id}': op('PUT', '/orgs/{org_id}/boxes/{id}', '2fast'),
      'GET /orgs/{org_id}/boxes/{id}/status': op('GET', '/orgs/{org_id}/boxes/{id}/status', 'boxes'),
    };
    const table = encodeOperations(list, ['a']);
    expect(table.split('\n').slice(1)).toEqual([
      '1/orgs/{}/activities/{} g',
      '5/sub-items/{} oi 2attach',
      '3/boxes/{id} d 2all',
      ' u 02fast',
      '5/status g 1',
    ]);
    expect(nameOperations(expandOperations(table, { a: groups.a! }), encodeNames(list))).toEqual(list);
    expect(() => encodeOperations({ 'GET /x/{}': op('GET', '/x/{}', null) }, ['a'])).toThrow(
      'GET /x/{}: a path with an unnamed placeholder {} cannot be stored',
    );
  });

  it('refuses what the format cannot hold, naming it', () => {
    expect(() => encodeOperations(unusual, ['a'])).toThrow('rate-limit group b has no limit');
    const tabbed = { 'GET /x': { ...unusual['GET /things']!, path: '/x', tag: 'a\tb' } };
    expect(() => encodeNames(tabbed)).toThrow('GET /x: a key, operationId or tag with a tab or line break cannot be stored');
  });

  it('names a malformed line when expanding', () => {
    expect(() => expandOperations('||\n1/x zz', groups)).toThrow('bad operation table line 1/x zz');
  });
});

describe('the rule table', () => {
  it('expands to exactly the rules it was encoded from (the generated resource data)', () => {
    const ids = Object.keys(operations);
    const table = encodeResourceData(resourceData, operationList, ids);
    expect(expandResourceData(table, operationList)).toEqual(resourceData);
  });

  it('folds the page/take pair of a list into one token and expands it back', () => {
    const list = [{ ...unusual['GET /things']! }];
    const data = [{ q: ['page?:integer(1..)', 'take?:integer(1..25)', 'search?:string'], parse: 'text' as const }];
    const table = encodeResourceData(data, list, ['GET /things']);
    expect(table).toBe('#\tqsearch?\tpt');
    expect(expandResourceData(table, list)).toEqual(data);
  });

  it('leaves out the type of a plain-named string rule only, and puts it back', () => {
    const list = [{ ...unusual['GET /things']! }];
    const data = [{ b: ['name:string(1..5)', 'tag?:string=["a"]', 'a:b?:string', 'note?:string|null', 'size:integer'] }];
    const table = encodeResourceData(data, list, ['GET /things']);
    expect(table).toBe('bname(1..5)\tbtag?=["a"]\tba:b?:string\tbnote?:string|null\tbsize:integer');
    expect(expandResourceData(table, list)).toEqual(data);
  });
});

describe('a rule', () => {
  it('parses back to what was encoded, and encodes back to the same text', () => {
    const rules: Rule[] = [
      { name: 'take', required: false, types: ['integer'], lo: 1, hi: 100 },
      { name: 'name', required: true, types: ['string', 'null'], hi: 10 },
      { name: 'status', required: false, types: ['string'], enum: ['ALL', 'SUBSCRIBED'] },
    ];
    for (const rule of rules) expect(parseRule(encodeRule(rule))).toEqual({ lo: undefined, hi: undefined, enum: undefined, ...rule });
    for (const entry of resourceData)
      for (const text of [...(entry?.q ?? []), ...(entry?.h ?? []), ...(entry?.b ?? [])]) expect(encodeRule(parseRule(text))).toBe(text);
  });
});
