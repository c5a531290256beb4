#!/usr/bin/env node
// invent-mock: the Invent API mock (Prism on openapi.json) as a command. See `invent-mock --help`.
// It runs the TypeScript source through tsx for now; the build will point this at dist/.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write('invent-mock: this build of invent-sdk runs from source and needs tsx (npm install --save-dev tsx)\n');
  process.exit(2);
}
register();
const { main } = await import('../src/testing/cli.ts');
await main(process.argv.slice(2));
