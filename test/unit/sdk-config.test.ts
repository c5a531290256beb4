/** scripts/lib/sdk-config.ts: the SDK's config laid over whichever contract is present. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../invent.config.js';
import { buildOperationsModule } from '../../scripts/lib/operations-module.js';
import { buildResourcesModule } from '../../scripts/lib/resources-module.js';
import { applyConfig, deriveName, type InventConfig, needsAuth } from '../../scripts/lib/sdk-config.js';
import { spec } from '../support/spec.js';

const ok = (schema: object) => ({ 200: { description: 'ok', content: { 'application/json': { schema } } } });
const page = { name: 'page', in: 'query', schema: { type: 'integer' } };
const take = { name: 'take', in: 'query', schema: { type: 'integer', maximum: 50 } };

/** A contract as a framework publishes it: no x-invent-*, framework operationIds, parameters inline. */
function frameworkContract() {
  return {
    openapi: '3.1.0',
    security: [{ bearer: [] }],
    paths: {
      '/orgs/{orgId}/widgets': {
        get: {
          operationId: 'WidgetsController_findAll',
          parameters: [page, take],
          responses: ok({ type: 'array', items: { type: 'object' } }),
        },
        post: { operationId: 'WidgetsController_create', responses: ok({ type: 'object' }) },
      },
      '/orgs/{orgId}/widgets/{id}': {
        get: { operationId: 'WidgetsController_findOne', responses: ok({ type: 'object' }) },
        put: { operationId: 'WidgetsController_replace', responses: ok({ type: 'object' }) },
        patch: { responses: ok({ type: 'object' }) },
        delete: { responses: { 204: { description: 'gone' } } },
      },
      '/orgs/{orgId}/widgets/{id}/publish': { post: { responses: ok({ type: 'object' }) } },
      '/orgs/{orgId}/widgets/{id}/settings': { get: { responses: ok({ type: 'object' }) }, patch: { responses: ok({ type: 'object' }) } },
      '/health': {
        get: { security: [], responses: ok({ type: 'object' }) },
        head: { security: [], responses: { 200: { description: 'up' } } },
      },
    },
  };
}
const emptyConfig: InventConfig = { ...config, operations: {} };
/** What the config leaves to review on the contract present (nothing on ours; a pulled one may add or drop operations). */
const baseline = applyConfig(spec, config).review;

describe('an operation the config does not cover', () => {
  it('is named by the rule, guessed safely, and listed for review, without stopping generation', () => {
    const { spec: overlaid, review } = applyConfig(frameworkContract(), emptyConfig);
    expect(review.missing).toEqual([]);
    expect(review.skipped).toEqual([{ operation: 'HEAD /health' }]);
    expect(review.guessed.map((g) => g.operation)).toEqual(review.guessed.map((g) => g.operation).sort());
    expect(Object.fromEntries(review.guessed.map((g) => [g.operation, g.name]))).toEqual(
      Object.fromEntries([
        ['GET /health', 'health.list'],
        ['GET /orgs/{orgId}/widgets', 'widgets.list'],
        ['POST /orgs/{orgId}/widgets', 'widgets.create'],
        ['DELETE /orgs/{orgId}/widgets/{id}', 'widgets.delete'],
        ['GET /orgs/{orgId}/widgets/{id}', 'widgets.get'],
        ['PATCH /orgs/{orgId}/widgets/{id}', 'widgets.update'],
        ['PUT /orgs/{orgId}/widgets/{id}', 'widgets.replace'],
        ['POST /orgs/{orgId}/widgets/{id}/publish', 'widgets.publish'],
        ['GET /orgs/{orgId}/widgets/{id}/settings', 'widgets.settings.get'],
        ['PATCH /orgs/{orgId}/widgets/{id}/settings', 'widgets.settings.update'],
      ]),
    );
    const byOp = Object.fromEntries(review.guessed.map((g) => [g.operation, g]));
    expect(byOp['GET /orgs/{orgId}/widgets']).toMatchObject({
      pagination: { style: 'page', maxTake: 50 },
      idempotent: true,
      rateLimits: ['general'],
    });
    expect(byOp['POST /orgs/{orgId}/widgets']).toMatchObject({
      pagination: null,
      idempotent: false,
      operationId: 'WidgetsController_create',
    });
    expect(byOp['PATCH /orgs/{orgId}/widgets/{id}']).toMatchObject({ idempotent: false, operationId: null });
    expect(byOp['PUT /orgs/{orgId}/widgets/{id}']?.idempotent).toBe(true);
    expect(byOp['GET /health']?.auth).toBe(false);
    expect(byOp['GET /orgs/{orgId}/widgets']?.auth).toBe(true);
    expect(() => buildOperationsModule(overlaid as never)).not.toThrow();
    expect(() => buildResourcesModule(overlaid as never)).not.toThrow();
  });

  it('never takes a name the config publishes, nor one that would make a method a namespace', () => {
    const taken: InventConfig = {
      ...config,
      operations: {
        'GET /orgs/{org_id}/widgets/{id}/settings': { name: 'widgets.list' },
        'POST /orgs/{org_id}/widgets': { name: 'widgets.get.x' },
      },
    };
    const { review } = applyConfig(frameworkContract(), taken);
    const names = Object.fromEntries(review.guessed.map((g) => [g.operation, g.name]));
    // The paths the config knows are spelled as it spells them (see respellPaths).
    expect(names['GET /orgs/{org_id}/widgets']).toBe('widgets.listGet');
    expect(names['GET /orgs/{orgId}/widgets/{id}']).toBe('widgets.getGet');
    expect(names['PATCH /orgs/{org_id}/widgets/{id}/settings']).toBe('widgets.settings.update');
  });

  it('names deterministically from the path and method alone', () => {
    expect(deriveName('GET', '/orgs/{org_id}/contacts', 'collection')).toEqual(['contacts', 'list']);
    expect(deriveName('POST', '/orgs/{org_id}/broadcasts/{broadcast_id}/activate', 'action')).toEqual(['broadcasts', 'activate']);
    expect(deriveName('GET', '/orgs/{org_id}/analytics/contacts/by-channel', 'action')).toEqual(['analytics', 'contacts', 'byChannel']);
    expect(deriveName('DELETE', '/chats/{chat_id}/memories/{memory_id}', 'item')).toEqual(['chats', 'memories', 'delete']);
    expect(deriveName('GET', '/orgs/{org_id}/paginate', 'collection')).toEqual(['paginate_', 'list']);
  });
});

describe('the config over a contract that renames things', () => {
  it('matches operations by method and path, path parameters by position, whatever their names or operationIds', () => {
    const renamed = structuredClone(spec);
    for (const [path, item] of Object.entries(renamed.paths as Record<string, Record<string, { operationId?: string }>>)) {
      for (const op of Object.values(item)) if (op && typeof op === 'object' && 'responses' in op) op.operationId = `Ctrl_${Math.random()}`;
      renamed.paths[path.replace(/\{org_id\}/g, '{orgId}')] = item;
      if (path.includes('{org_id}')) delete renamed.paths[path];
    }
    const original = applyConfig(spec, config);
    const moved = applyConfig(renamed, config);
    // The same review as before the renames: every entry still finds its operation, guesses keep their names.
    const reviewed = (r: typeof baseline) => ({ guessed: r.guessed.map((g) => g.name), missing: r.missing, skipped: r.skipped.length });
    expect(reviewed(moved.review)).toEqual(reviewed(original.review));
    const names = (s: Record<string, any>) =>
      Object.values(s.paths as Record<string, Record<string, any>>)
        .flatMap((item) => Object.values(item).map((op) => op?.['x-invent-method']))
        .filter(Boolean)
        .sort();
    expect(names(moved.spec)).toEqual(names(original.spec));
  });

  it('spells the paths it knows as the config does, so published path strings and org_id survive a renamed parameter', () => {
    const renamed = structuredClone(spec);
    const item = renamed.paths['/orgs/{org_id}/assistants/{assistant_id}'];
    delete renamed.paths['/orgs/{org_id}/assistants/{assistant_id}'];
    item.parameters = [
      { name: 'orgId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ];
    for (const op of [item.get, item.patch, item.delete])
      op.parameters = (op.parameters ?? []).filter((p: any) => !p.$ref?.endsWith('/OrgId'));
    renamed.paths['/orgs/{orgId}/assistants/{id}'] = item;
    const { spec: overlaid, review } = applyConfig(renamed, config);
    expect(review).toEqual(baseline);
    expect(overlaid.paths['/orgs/{orgId}/assistants/{id}']).toBeUndefined();
    const respelled = overlaid.paths['/orgs/{org_id}/assistants/{assistant_id}'];
    expect(respelled.parameters.map((p: any) => p.name)).toEqual(['org_id', 'assistant_id']);
    expect(respelled.get['x-invent-method']).toBe('assistants.get');
    expect(renamed.paths['/orgs/{orgId}/assistants/{id}'], 'the input is left alone').toBeDefined();
  });

  it('reports an entry whose operation is gone, and keeps going', () => {
    const smaller = structuredClone(spec);
    delete smaller.paths['/orgs/{org_id}/broadcasts/{broadcast_id}/send'];
    const { review } = applyConfig(smaller, config);
    const gone = { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send', name: 'broadcasts.send' };
    expect(review.missing).toHaveLength(baseline.missing.length + 1);
    expect(review.missing).toEqual(expect.arrayContaining([...baseline.missing, gone]));
  });

  it('ignores x-invent-* a contract carries: the config is the one source', () => {
    const marked = frameworkContract() as any;
    marked.paths['/orgs/{orgId}/widgets'].post['x-invent-method'] = 'widgets.sneaky';
    marked.paths['/orgs/{orgId}/widgets'].post['x-invent-idempotent'] = true;
    const guess = applyConfig(marked, emptyConfig).review.guessed.find((g) => g.operation === 'POST /orgs/{orgId}/widgets');
    expect(guess).toMatchObject({ name: 'widgets.create', idempotent: false });
  });

  it('refuses a config entry it cannot trust, naming it', () => {
    const bad = (operations: object) => () => applyConfig(spec, { ...config, operations } as InventConfig);
    expect(bad({ 'FETCH /x': { name: 'x.y' } })).toThrow(/FETCH \/x: a key is `METHOD \/path\/template`/);
    expect(bad({ 'GET /a/{x}': { name: 'a.get' }, 'GET /a/{y}': { name: 'a.other' } })).toThrow(/same operation as GET \/a\/\{x\}/);
    expect(bad({ 'GET /a': { name: 'a.list', rateLimits: ['nope'] } })).toThrow(/GET \/a: unknown rate-limit group nope/);
    expect(bad({ 'GET /a': { name: 'a.list' }, 'GET /b': { name: 'a.list.more' } })).toThrow(/clashes/);
    expect(bad({ 'GET /a': { name: 'a.list', pagnation: true } })).toThrow(/unknown field pagnation/);
  });
});

describe('public operations follow OpenAPI', () => {
  it('takes the operation security over the document security; none anywhere, [] or {} is public', () => {
    expect(needsAuth(undefined, [{ bearer: [] }])).toBe(true);
    expect(needsAuth([], [{ bearer: [] }])).toBe(false);
    expect(needsAuth(undefined, undefined)).toBe(false);
    expect(needsAuth([{}, { bearer: [] }], undefined)).toBe(false);
    expect(needsAuth([{ bearer: [] }], undefined)).toBe(true);
  });

  it('lets the config state an assumption the contract leaves out', () => {
    const open = frameworkContract() as any;
    delete open.security;
    const assumed: InventConfig = { ...config, operations: { 'GET /orgs/{org_id}/widgets': { name: 'widgets.list', auth: true } } };
    const { review, spec: overlaid } = applyConfig(open, assumed);
    expect(overlaid.paths['/orgs/{org_id}/widgets'].get['x-invent-auth']).toBe(true);
    expect(review.guessed.find((g) => g.operation === 'POST /orgs/{org_id}/widgets')?.auth).toBe(false);
  });
});

describe('npm run generate -- --report json', () => {
  it('writes and prints the review, exits 0 on a contract with new and removed operations', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'invent-review-'));
    const contract = structuredClone(spec);
    delete contract.paths['/orgs/{org_id}/broadcasts/{broadcast_id}/send'];
    contract.paths['/orgs/{org_id}/gadgets'] = {
      get: { parameters: [page, take], responses: ok({ type: 'array', items: { type: 'object' } }) },
    };
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(contract));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--report', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, INVENT_SPEC: join(dir, 'openapi.json'), INVENT_OUT: join(dir, 'generated') },
    });
    expect(result.status, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual(JSON.parse(readFileSync(join(dir, 'generated', 'review.json'), 'utf8')));
    const gadgets = {
      operation: 'GET /orgs/{org_id}/gadgets',
      operationId: null,
      name: 'gadgets.list',
      pagination: { style: 'page', maxTake: 50 },
      rateLimits: ['general'],
      idempotent: true,
      auth: true,
    };
    const gone = { operation: 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send', name: 'broadcasts.send' };
    // On top of what the contract present already leaves to review (nothing, on ours).
    expect(printed.version).toBe(1);
    expect(printed.guessed).toHaveLength(baseline.guessed.length + 1);
    expect(printed.guessed).toEqual(expect.arrayContaining([...baseline.guessed, gadgets]));
    expect(printed.missing).toHaveLength(baseline.missing.length + 1);
    expect(printed.missing).toEqual(expect.arrayContaining([...baseline.missing, gone]));
    expect(printed.skipped).toEqual(baseline.skipped);
    expect(result.stderr).toContain('new      GET /orgs/{org_id}/gadgets -> gadgets.list');
    expect(result.stderr).toContain('gone     POST /orgs/{org_id}/broadcasts/{broadcast_id}/send (broadcasts.send)');
  });
});
