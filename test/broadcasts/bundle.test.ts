/**
 * The transactional helpers stay out of the main bundle: a program that imports createInvent and makes
 * one call statically loads the thin handle, never valibot or the implementation (they are behind the
 * handle's dynamic `import()`).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function staticInputs(contents: string): Promise<{ statics: string[]; lazy: string[] }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'program.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    // The package's source condition, as vitest uses: the program bundles src/ (and its `#inbox-websocket`
    // import) whether or not a build exists.
    conditions: ['invent-source'],
    outdir: '/virtual-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((key) => outputs[key]!.entryPoint)!;
  const reached = new Set<string>();
  const walk = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const i of outputs[file]!.imports) if (i.kind === 'import-statement') walk(i.path);
  };
  walk(entry);
  const inputsOf = (files: string[]) => files.flatMap((f) => Object.keys(outputs[f]!.inputs));
  return { statics: inputsOf([...reached]), lazy: inputsOf(Object.keys(outputs).filter((f) => !reached.has(f))) };
}

describe('bundle', () => {
  it('createInvent and one call: the broadcast implementation and valibot are loaded lazily', async () => {
    const { statics, lazy } = await staticInputs(
      `import { createInvent } from './src/index.ts';\nconst invent = createInvent({ apiKey: 'k' });\nconsole.log(await invent.contacts.get('cnt_1'));`,
    );
    expect(statics.filter((p) => p.includes('node_modules/valibot/'))).toEqual([]);
    // Statically: the extensions, the thin handle, and the error classes (exported by the entry point).
    const allowed = ['src/broadcasts/attach.ts', 'src/broadcasts/handle.ts', 'src/broadcasts/errors.ts', 'src/broadcasts/index.ts'];
    const broadcasts = statics.filter((p) => p.includes('src/broadcasts/'));
    expect(broadcasts).toContain('src/broadcasts/handle.ts');
    expect(broadcasts.filter((p) => !allowed.includes(p))).toEqual([]);
    for (const lazyFile of ['impl', 'send', 'send-many', 'recipient', 'classify', 'lifecycle', 'reconcile']) {
      expect(lazy).toContain(`src/broadcasts/${lazyFile}.ts`);
    }
  }, 20_000);
});
