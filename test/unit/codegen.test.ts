import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations, rateLimitGroups } from '../../generated/operations.js';
import { buildOperationsModule } from '../../scripts/lib/operations-module.js';
import { spec } from '../support/spec.js';

describe('generated/operations.ts', () => {
  it('is rendered the same way twice', () => {
    expect(buildOperationsModule(spec)).toBe(buildOperationsModule(structuredClone(spec)));
  });

  it('carries the documented limits as data', () => {
    expect(rateLimitGroups.general).toEqual({ limit: 500, windowSeconds: 60, scope: 'ip' });
    expect(operations.sendTransactionalBroadcast.rateLimits).toEqual(['general', 'broadcast-send']);
    expect(rateLimitGroups['broadcast-send']).toMatchObject({ limit: 100, windowSeconds: 60 });
    expect(operations.createAssistant.rateLimits).toContain('assistant-create');
    expect(rateLimitGroups['assistant-create']).toEqual({ limit: 10, windowSeconds: 3600, scope: 'org' });
  });

  it('covers every operation of the contract, each with a resource-method name', () => {
    const ids = Object.keys(operations);
    expect(ids).toHaveLength(243);
    expect(new Set(Object.values(operations).map((o) => o.sdkMethod)).size).toBe(243);
    expect(operations.sendTransactionalBroadcast).toMatchObject({ method: 'POST', idempotent: false, sdkMethod: 'broadcasts.send' });
    expect(operations.getContacts.pagination).toEqual({ style: 'page', maxTake: 100 });
    expect(operations.signIn.auth).toBe(false);
  });
});

describe('npm run generate:check', () => {
  const run = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  it('passes on the committed generated/', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails, naming the stale files, when the contract changes', () => {
    const changed = structuredClone(spec);
    changed.paths['/orgs/{org_id}/assistants'].get['x-invent-idempotent'] = false;
    const dir = mkdtempSync(join(tmpdir(), 'invent-spec-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(changed));
    const result = run({ INVENT_SPEC: join(dir, 'openapi.json') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('generated/operations.ts');
    expect(result.stderr).not.toContain('generated/schema.d.ts');
  });
});
