/**
 * package.json as a published manifest: every entry point resolves to the build with types for ESM
 * and CommonJS (and to src/ under the `invent-source` condition, for this repository only), runtime
 * dependencies stay few, heavy pieces are optional peers, and what this repository installs is pinned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PEER_VERSIONS } from '../../src/testing/peer.js';
import { root } from './support/build.js';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it.each(Object.entries(manifest.exports).filter(([, value]) => typeof value === 'object') as Array<[string, any]>)(
    '%s: src for this repository, dist with types for ESM and CommonJS',
    (subpath, entry) => {
      const name = subpath === '.' ? 'index' : `${subpath.slice(2)}/index`;
      expect(Object.keys(entry)).toEqual(['invent-source', 'import', 'require']);
      expect(entry['invent-source']).toBe(`./src/${name === 'index' ? '' : `${subpath.slice(2)}/`}index.ts`);
      expect(entry.import).toEqual({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });
      expect(entry.require).toEqual({ types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` });
      if (subpath !== '.') expect(manifest.typesVersions['*'][subpath.slice(2)]).toEqual([`./dist/${name}.d.ts`]);
    },
  );

  it('publishes only the build, the contract, the command and the docs', () => {
    expect(manifest.files).toEqual(['dist', 'openapi.json', 'bin', 'README.md', 'LICENSE', 'CHANGELOG.md']);
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.exports['./openapi.json']).toBe('./openapi.json');
    expect(manifest.main).toBe('./dist/index.cjs');
  });

  it('keeps runtime dependencies to openapi-fetch, its type helpers and valibot', () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['openapi-fetch', 'openapi-typescript-helpers', 'valibot']);
  });

  it('makes Prism and ws optional peers, declared as src/testing/peer.ts names them', () => {
    for (const [name, range] of Object.entries(PEER_VERSIONS)) {
      expect(manifest.peerDependencies[name], name).toBe(range);
      expect(manifest.peerDependenciesMeta[name], name).toEqual({ optional: true });
      expect(manifest.devDependencies[name], `${name} is also a devDependency`).toBeDefined();
    }
  });

  it('pins every dependency exactly (an alias such as typescript-5.0 too)', () => {
    const loose = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
      ([, version]) => !/^(npm:(@[\w.-]+\/)?[\w.-]+@)?\d+\.\d+\.\d+$/.test(String(version)),
    );
    expect(loose).toEqual([]);
  });

  it('declares no peer the SDK never imports (an ioredis peer broke `npm install` beside ioredis@4)', () => {
    const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join(root, 'src', file), 'utf8'))
      .join('\n');
    for (const name of Object.keys(manifest.peerDependencies)) {
      expect(sources.includes(`'${name}'`) || sources.includes(`'${name}/`), `${name} is imported by src/`).toBe(true);
    }
    expect(manifest.peerDependencies.ioredis).toBeUndefined();
    expect(manifest.devDependencies.ioredis).toBeDefined();
  });

  it('sends browsers, Workers, Deno and Bun to a WebSocket loader without ws, Node to the one with it', () => {
    const map = manifest.imports['#inbox-websocket'];
    const none = { import: './dist/inbox/websocket/none.js', require: './dist/inbox/websocket/none.cjs' };
    for (const condition of ['browser', 'worker', 'workerd', 'deno', 'bun']) expect(map[condition], condition).toEqual(none);
    expect(map.import).toBe('./dist/inbox/websocket/node.js');
    expect(map.require).toBe('./dist/inbox/websocket/node.cjs');
    expect(Object.keys(map).at(-2)).toBe('import'); // after every platform condition, which must win
  });

  it('names its repository, home page, issue tracker and keywords, and publishes with provenance', () => {
    expect(manifest.repository.url).toMatch(/^git\+https:\/\/github\.com\//);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs.url).toMatch(/\/issues$/);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['invent', 'sdk']));
    expect(manifest.publishConfig).toMatchObject({ provenance: true, access: 'public' });
  });

  it('keeps telemetry and update banners out of `npm test` by itself (not only in CI)', () => {
    for (const variable of ['TURBO_TELEMETRY_DISABLED=1', 'REDOCLY_TELEMETRY=off', 'REDOCLY_SUPPRESS_UPDATE_NOTICE=true'])
      expect(manifest.scripts.test).toContain(variable);
    // lint:spec runs Redocly through scripts/lint-spec.ts, which sets the same variables for it.
    expect(manifest.scripts['lint:spec']).toBe('tsx scripts/lint-spec.ts');
    const wrapper = readFileSync(new URL('../../scripts/lint-spec.ts', import.meta.url), 'utf8');
    for (const variable of ["REDOCLY_TELEMETRY: 'off'", "REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true'"]) expect(wrapper).toContain(variable);
  });
});
