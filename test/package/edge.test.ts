/**
 * Edge runtimes (Cloudflare Workers, Vercel Edge, Deno Deploy) and browsers: the main entry point,
 * with everything it can load lazily (the inbox client, the broadcast helpers), bundles for a
 * platform-neutral target with no Node built-in module, and uses `process` only behind a
 * `typeof process` guard and `Buffer` never. Nothing is marked external: `ws` (Node 20's WebSocket)
 * stays out by the package's own `#inbox-websocket` import conditions, as it must for Wrangler, which
 * bundles everything it can reach.
 */
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, root } from './support/build.js';

beforeAll(() => requireBuild());

async function bundleNeutral(entry: string) {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Wrangler's conditions for Cloudflare Workers.
    conditions: ['workerd', 'worker', 'browser', 'import', 'default'],
    target: 'es2022',
    splitting: true,
    outdir: `${root}/.bundle-out`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result;
}

describe('the main entry on an edge runtime', () => {
  it('bundles for a neutral platform without any Node built-in module', async () => {
    // esbuild fails to resolve `node:*` (or `fs`, `http`, ...) on the neutral platform: no try, no escape.
    const result = await bundleNeutral('dist/index.js');
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter((path) => /node_modules\/ws\//.test(path))).toEqual([]);
  });

  it('uses process only behind a typeof guard, and never Buffer, __dirname or require', async () => {
    const result = await bundleNeutral('dist/index.js');
    const problems: string[] = [];
    // A free use of the global, not a property (`x.process`), an object key (`process:`) or a method (`process(a) {`).
    const global = (name: string) => new RegExp(`(?<![.\\w$])${name}(?![\\w$])(?!\\s*:)(?!\\s*\\([^)]*\\)\\s*\\{)`);
    for (const file of result.outputFiles) {
      const text = file.text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
      text.split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
        const where = `${file.path.slice(root.length + 1)}:${i + 1}: ${line.trim().slice(0, 120)}`;
        if (
          global('Buffer').test(code) ||
          global('__dirname').test(code) ||
          global('__filename').test(code) ||
          /(?<![.\w$])require\(/.test(code)
        )
          problems.push(where);
        if (global('process').test(code) && !/typeof process\b/.test(code)) problems.push(where);
      });
    }
    expect(problems).toEqual([]);
  });
});
