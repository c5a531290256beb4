/** scripts/lib/resources-module.ts: generated/resources.ts from the contract. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesById } from '../support/rules-by-id.js';
import { buildResourceData, buildResourcesModule } from '../../scripts/lib/resources-module.js';
import { applyConfig } from '../../scripts/lib/sdk-config.js';
import config from '../../invent.config.js';
import { spec } from '../support/spec.js';

/** A one-operation contract around `op` (plus anything in `paths`). */
function miniSpec(op: Record<string, unknown>, path = '/orgs/{org_id}/things', method = 'post', paths: Record<string, unknown> = {}) {
  return {
    openapi: '3.1.0',
    paths: {
      [path]: {
        [method]: {
          operationId: 'doThing',
          'x-invent-method': 'things.do',
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
          ...op,
        },
      },
      ...paths,
    },
    components: { parameters: {} },
  };
}

describe('generated/resources.ts', () => {
  it('is rendered the same way twice', () => {
    const overlaid = applyConfig(spec, config).spec as never;
    expect(buildResourcesModule(overlaid)).toBe(buildResourcesModule(structuredClone(overlaid)));
  });

  it('keeps the documented limits as compact rules', () => {
    expect(rulesById['GET /orgs/{org_id}/contacts']!.q).toContain('take?:integer(1..100)');
    expect(rulesById['GET /orgs/{org_id}/contacts']!.q).toContain(
      'status?:string=["ALL","SUBSCRIBED","UNSUBSCRIBED","BLOCKED","AI_REPLIES_DISABLED"]',
    );
    expect(rulesById['POST /orgs/{org_id}/assistants']!.b).toContain('name:string(1..1024)');
    expect(rulesById['GET /orgs/{org_id}/tables/{table_id}/records/export']!.parse).toBe('text');
    expect(rulesById['GET /orgs/{org_id}/inbox/ws']).toEqual({ reserved: 'websocket' });
  });

  it('passes a non-object body, or one whose fields collide with a parameter, whole under params.body', () => {
    const arraySpec = miniSpec({
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
    }) as never;
    const arrayBody = buildResourcesModule(arraySpec);
    expect(buildResourceData(arraySpec)['POST /orgs/{org_id}/things']).toEqual({ whole: 'required' });
    expect(arrayBody).toContain(
      `export type ThingsDoParams = { body: NonNullable<paths["/orgs/{org_id}/things"]['post']['requestBody']>['content']["application/json"] };`,
    );
    const collidingSpec = miniSpec({
      parameters: [{ name: 'name', in: 'query', schema: { type: 'string' } }],
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
    }) as never;
    buildResourcesModule(collidingSpec);
    expect(buildResourceData(collidingSpec)['POST /orgs/{org_id}/things']).toEqual({ q: ['name?:string'], whole: 'optional' });
  });

  it('types bounded integers as literal ranges', () => {
    const text = buildResourcesModule(
      miniSpec(
        { parameters: [{ name: 'take', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } }] },
        '/things',
        'get',
      ) as never,
    );
    expect(text).toContain(
      `export type ThingsDoParams = NonNullable<paths["/things"]['get']['parameters']['query']> & {\n  /** An integer from 1 to 50. */\n  "take"?: Integer1To50;\n};`,
    );
    // The range is written out once, so no type-level recursion builds it in a user's program.
    expect(text).toContain(`export type Integer1To50 = ${Array.from({ length: 50 }, (_, i) => i + 1).join(' | ')};`);
  });

  it.each([
    [
      'a name that is both a method and a namespace',
      { '/orgs/{org_id}/things/x': { get: { operationId: 'other', 'x-invent-method': 'things.do.more', responses: {} } } },
      /things.do is both a method and the namespace of things.do.more/,
    ],
    [
      'a duplicate name',
      { '/orgs/{org_id}/things/y': { get: { operationId: 'other', 'x-invent-method': 'things.do', responses: {} } } },
      /things.do is used twice/,
    ],
    [
      'a name shadowing the client',
      { '/orgs/{org_id}/things/z': { get: { operationId: 'other', 'x-invent-method': 'paginate.all', responses: {} } } },
      /would shadow the client's paginate/,
    ],
    [
      'a thenable namespace',
      { '/orgs/{org_id}/things/w': { get: { operationId: 'other', 'x-invent-method': 'things.then', responses: {} } } },
      /uses a name objects already have/,
    ],
  ])('refuses %s', (_, paths, message) => {
    expect(() => buildResourcesModule(miniSpec({}, '/orgs/{org_id}/things', 'post', paths) as never)).toThrow(message);
  });
});

describe('npm run generate:check covers generated/resources.ts', () => {
  it('fails, naming it, when only what the resource layer reads changes', () => {
    const changed = structuredClone(spec);
    changed.paths['/orgs/{org_id}/assistants'].post.summary = 'Make an assistant';
    const dir = mkdtempSync(join(tmpdir(), 'invent-spec-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(changed));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check'], {
      encoding: 'utf8',
      env: { ...process.env, INVENT_SPEC: join(dir, 'openapi.json') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('generated/resources.ts');
    expect(result.stderr).not.toContain('generated/operations.ts');
  });
});
