import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations, rateLimitGroups } from '../../generated/operations.js';
import { buildOperationsModule } from '../../scripts/lib/operations-module.js';
import { applyConfig } from '../../scripts/lib/sdk-config.js';
import config from '../../invent.config.js';
import { spec } from '../support/spec.js';

const SEND = 'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send';

describe('generated/operations.ts', () => {
  it('is rendered the same way twice', () => {
    const once = buildOperationsModule(applyConfig(spec, config).spec as never);
    expect(once).toBe(buildOperationsModule(applyConfig(structuredClone(spec), config).spec as never));
  });

  it('carries the documented limits as data', () => {
    expect(rateLimitGroups.general).toEqual({ limit: 500, windowSeconds: 60, scope: 'ip' });
    expect(operations[SEND].rateLimits).toEqual(['general', 'broadcast-send']);
    expect(rateLimitGroups['broadcast-send']).toMatchObject({ limit: 100, windowSeconds: 60 });
    expect(operations['POST /orgs/{org_id}/assistants'].rateLimits).toContain('assistant-create');
    expect(rateLimitGroups['assistant-create']).toEqual({ limit: 10, windowSeconds: 3600, scope: 'org' });
  });

  it('covers every operation of the contract, by METHOD and path, each with its own resource-method name', () => {
    const contractOps = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(Object.keys(operations).sort()).toEqual(contractOps.sort());
    expect(new Set(Object.values(operations).map((o) => o.sdkMethod)).size).toBe(contractOps.length);
    expect(operations[SEND]).toMatchObject({ method: 'POST', idempotent: false, sdkMethod: 'broadcasts.send' });
    expect(operations['GET /orgs/{org_id}/contacts'].pagination).toEqual({ style: 'page', maxTake: 100 });
    expect(operations['POST /auth'].auth).toBe(false);
  });

  it('keeps the operationId as information only', () => {
    const op = spec.paths['/orgs/{org_id}/broadcasts/{broadcast_id}/send'].post;
    expect(operations[SEND].operationId).toBe(op.operationId ?? null);
  });

  it('takes nothing from the contract but the contract: no operation of openapi.json carries an x-invent-*', () => {
    const contract = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    // Only the document's own provenance marker (which lint:spec reads; a pulled contract has none) may remain, outside the operations.
    expect(Object.keys(contract.info).filter((k) => k.startsWith('x-invent-') && k !== 'x-invent-authored')).toEqual([]);
    expect(JSON.stringify({ ...contract, info: {} })).not.toContain('"x-invent-');
  });
});

describe('npm run generate:check', () => {
  const run = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  it('passes on the committed generated/', { timeout: 120_000 }, () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails, naming the stale files, when the config changes', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'invent-config-'));
    const source = readFileSync(new URL('../../invent.config.ts', import.meta.url), 'utf8');
    const changed = source
      .replace(
        `'GET /orgs/{org_id}/assistants': { name: 'assistants.list', pagination: true }`,
        `'GET /orgs/{org_id}/assistants': { name: 'assistants.list', pagination: true, idempotent: false }`,
      )
      .replace(`from './scripts/lib/sdk-config.js'`, `from '${new URL('../../scripts/lib/sdk-config.js', import.meta.url).pathname}'`);
    expect(changed).not.toBe(source);
    writeFileSync(join(dir, 'invent.config.ts'), changed);
    const result = run({ INVENT_CONFIG: join(dir, 'invent.config.ts') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('generated/operations.ts');
    expect(result.stderr).not.toContain('generated/schema.d.ts');
  });
});
