#!/usr/bin/env node
// invent-mock: the Invent API mock (Prism on openapi.json) as a command. See `invent-mock --help`.
// Installed from npm it runs the build (dist/testing/cli.js) with plain Node. In the SDK's own
// repository, where src/ is present, it runs the TypeScript source through tsx, so no build is needed.
import { existsSync } from 'node:fs';

const source = new URL('../src/testing/cli.ts', import.meta.url);
let main;
if (existsSync(source)) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('invent-mock: running from the source (src/ is present) needs tsx: npm install --save-dev tsx\n');
    process.exit(2);
  }
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/testing/cli.js'));
}
await main(process.argv.slice(2));
