/**
 * The build: `npm run build` writes dist/ (ESM `.js`, CommonJS `.cjs`, declarations `.d.ts` / `.d.cts`)
 * for every entry point of the package. The package's `exports` send users there; this repository's
 * own tests, examples and scripts read src/ instead through the `invent-source` export condition
 * (see CONTRIBUTING.md).
 *
 * - Dependencies and peer dependencies stay external (openapi-fetch, valibot, ws, the Prism packages).
 * - ESM output is code-split, so entry points share one copy of the client (an `Invent` from
 *   `invent-sdk/testing` is the `Invent` of `invent-sdk`) and lazily loaded parts (the inbox
 *   WebSocket client and valibot) stay in chunks of their own.
 * - `shims` gives the CommonJS build `import.meta.url` (src/testing finds openapi.json with it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const entry: Record<string, string> = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  // The `invent-mock` command (bin/invent-mock.mjs runs it from here when the package is installed).
  'testing/cli': 'src/testing/cli.ts',
  // The two targets of the package's `#inbox-websocket` import (see package.json `imports`): `ws` on Node, none elsewhere.
  'inbox/websocket/node': 'src/inbox/websocket/node.ts',
  'inbox/websocket/none': 'src/inbox/websocket/none.ts',
};
/** Entry points users import, which get declarations. */
const PUBLIC = (name: string) => name !== 'testing/cli' && !name.startsWith('inbox/websocket/');
// `invent-sdk/redis` (the Redis rate-limit store), built once its entry point exists.
if (existsSync('src/redis/index.ts')) entry['redis/index'] = 'src/redis/index.ts';

/** The version the SDK names in its User-Agent: package.json's, the one place it is written. */
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __INVENT_SDK_VERSION__: JSON.stringify(version) },
  entry,
  format: ['esm', 'cjs'],
  outDir: 'dist',
  tsconfig: 'tsconfig.build.json',
  target: 'es2022',
  platform: 'node',
  // Declarations for the entry points users import (the command needs none).
  dts: { entry: Object.fromEntries(Object.entries(entry).filter(([name]) => PUBLIC(name))) },
  splitting: true,
  shims: true,
  sourcemap: false,
  clean: true,
  treeshake: false,
  minify: false,
  // The package's own name, should a source file import it, resolves at run time to the installed package;
  // `#inbox-websocket` stays an import, resolved by the package's `imports` per platform when the SDK is used.
  external: ['invent-sdk', '#inbox-websocket'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
});
