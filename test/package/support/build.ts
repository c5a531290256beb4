/**
 * Shared by the package tests (test/package/) and the bundle-size bench: where the build is, how to
 * run a program the way a user would (no `invent-source` condition), and how to bundle one with
 * esbuild.
 *
 * These tests check the build in dist/, which `npm test` makes first (turbo's `build` task, cached).
 * Running them alone needs `npm run build` before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';

/** The repository's root directory (no trailing slash). */
export const root = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** Fails with a clear message when dist/ has not been built. */
export function requireBuild(): void {
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/testing/index.js']) {
    if (!existsSync(`${root}/${file}`))
      throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` builds before testing)`);
  }
}

/**
 * The environment for a child process that must see the package as a user does: without
 * `NODE_OPTIONS=--conditions=invent-source` (set by `npm run test:run` so that the repository's own
 * child processes run src/), which would send `invent-sdk` to a src/ the published package does not have.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  env.NPM_CONFIG_UPDATE_NOTIFIER = 'false';
  return env;
}

/** The bundled program's file name (its entry point in esbuild's metafile is this, or a path ending in it). */
const PROGRAM_FILE = 'program.js';

export interface Bundle {
  /** The files esbuild wrote (in memory), by path relative to the output directory. */
  readonly files: ReadonlyMap<string, OutputFile>;
  readonly metafile: Metafile;
  /** The entry chunk and every chunk it imports statically (transitively): what loads at start. */
  readonly startup: readonly string[];
  /** Chunks reached only through `import()`: loaded when a feature is first used. */
  readonly lazy: readonly string[];
}

/**
 * Bundles `program` (JavaScript, resolved from the repository root, so `invent-sdk` is this package:
 * dist/ by its `exports`, or src/ with `source: true`; or from `resolveDir`, a consumer project) for the browser, minified and code-split as an
 * application bundler would.
 */
export async function bundleProgram(
  program: string,
  options: { source?: boolean; resolveDir?: string } & Pick<
    BuildOptions,
    'platform' | 'minify' | 'define' | 'external' | 'format' | 'splitting' | 'conditions'
  > = {},
): Promise<Bundle> {
  const { source, resolveDir = root, ...rest } = options;
  const outdir = `${root}/.bundle-out`;
  const result = await build({
    stdin: { contents: program, resolveDir, sourcefile: PROGRAM_FILE, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    write: false,
    metafile: true,
    outdir,
    logLevel: 'silent',
    ...rest,
    conditions: [...(source ? ['invent-source'] : []), ...(rest.conditions ?? [])],
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.slice(outdir.length + 1), f]));
  const outputs = result.metafile.outputs;
  const key = (name: string) => `.bundle-out/${name}`;
  const entry = Object.keys(outputs)
    // The program's chunk: every chunk loaded by `import()` is an entry point of the metafile too.
    .find((k) => outputs[k]!.entryPoint?.split('/').pop() === PROGRAM_FILE)!
    .slice('.bundle-out/'.length);
  const startup: string[] = [];
  const queue = [entry];
  while (queue.length) {
    const name = queue.shift()!;
    if (startup.includes(name)) continue;
    startup.push(name);
    for (const imported of outputs[key(name)]!.imports)
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path.slice('.bundle-out/'.length));
  }
  const lazy = [...files.keys()].filter((name) => name.endsWith('.js') && !startup.includes(name));
  return { files, metafile: result.metafile, startup, lazy };
}
