/** lint:spec: our strict authoring rules for openapi.json, a looser level for a pulled contract. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullSpec } from '../../scripts/lib/spec-pull.js';
import { fixture, runScript } from './helpers.js';

let dir: string;
let pulled: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invent-lint-spec-'));
  pulled = join(dir, 'pulled.json');
  await pullSpec({ from: fixture('same-api-3.0.yaml'), out: pulled });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run lint:spec', () => {
  it('holds a framework-shaped contract to the authoring rules with --authoring, and passes it by default and with --pulled; quietly', async () => {
    const [strict, loose, auto, duplicate] = await Promise.all([
      runScript('lint-spec.ts', ['--authoring', pulled]),
      runScript('lint-spec.ts', ['--pulled', pulled]),
      runScript('lint-spec.ts', [pulled]),
      runScript('lint-spec.ts', ['--pulled', fixture('bad/duplicate-route.json')]),
    ]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('operation-4xx-response');
    expect(strict.stdout).toContain('operation-summary');
    expect([loose.status, loose.stderr]).toEqual([0, expect.stringContaining('Your API description is valid')]);
    // Without a flag the contract decides: only the repository's own carries info.x-invent-authored.
    expect([auto.status, auto.stdout]).toEqual([0, expect.stringContaining('pulled-contract level')]);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stdout).toContain('no-identical-paths');
    for (const run of [strict, loose, auto, duplicate]) expect(run.stdout + run.stderr).not.toMatch(/Node\.js 20|telemetry|╔/);
  }, 240_000);

  it('holds a contract marked as authored here (info.x-invent-authored) to the authoring rules by default', async () => {
    const marked = join(dir, 'marked.json');
    const spec = JSON.parse(await readFile(pulled, 'utf8'));
    await writeFile(marked, JSON.stringify({ ...spec, info: { ...spec.info, 'x-invent-authored': true } }));
    const own = await runScript('lint-spec.ts', [marked]);
    expect([own.status, own.stdout]).toEqual([1, expect.stringContaining('authoring rules (redocly.yaml)')]);
    expect(own.stdout).toContain('operation-4xx-response');
  }, 120_000);
});
