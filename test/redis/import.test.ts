/**
 * The SDK never loads a Redis library itself: not for `import { createInvent } from 'invent-sdk'`, and
 * not for `invent-sdk/redis` either (the store drives the client the user created). Checked in a
 * fresh process, from the modules Node actually loaded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const probe = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules[\\\\/](ioredis|redis|@redis)[\\\\/]/.test(p)).length;
const { createInvent } = await import('./src/index.ts');
createInvent({ apiKey: 'k' });
const afterMain = loaded();
const { redisStore } = await import('./src/redis/index.ts');
redisStore({ call: async () => 'PONG' }, { logLevel: 'off' });
const afterRedisEntry = loaded();
await import('ioredis');
console.log(JSON.stringify({ afterMain, afterRedisEntry, afterIoredis: loaded() }));
`;

describe('loading', () => {
  it('neither the main entry nor invent-sdk/redis loads a Redis client library', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const counts = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(counts.afterMain).toBe(0);
    expect(counts.afterRedisEntry).toBe(0);
    // The check sees a Redis library when one is loaded.
    expect(counts.afterIoredis).toBeGreaterThan(0);
  });

  it('is published as the invent-sdk/redis subpath, with no ioredis peer (the SDK never imports it)', () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
    expect(JSON.stringify(pkg.exports['./redis'])).toContain('./src/redis/index.ts');
    expect(pkg.peerDependencies.ioredis).toBeUndefined();
    expect(pkg.peerDependenciesMeta.ioredis).toBeUndefined();
    expect(pkg.devDependencies.ioredis).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
