/**
 * The examples run from a clean clone, without a build: `npm run example <file>` (and `npm run demo`)
 * resolve `invent-sdk` to src/ through the `invent-source` condition, never to dist/, which a fresh
 * clone does not have.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { root, userEnv } from '../package/support/build.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'invent-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('npm run example runs the quickstart from src/, loading nothing from dist/', async () => {
  const hooks = join(dir, 'hooks.mjs');
  const log = join(dir, 'resolved.log');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
  writeFileSync(log, '');
  // As in a fresh shell: no `invent-source` from the test run, no API key; only the hook that logs resolutions.
  const env: NodeJS.ProcessEnv = { ...userEnv(), NODE_OPTIONS: `--import=${join(dir, 'register.mjs')}` };
  delete env.INVENT_API_KEY;
  const { stdout } = await exec('npm', ['run', '--silent', 'example', '--', 'examples/quickstart.ts'], { cwd: root, env, timeout: 60_000 });
  expect(stdout).toContain('Using the embedded Invent mock');
  const resolved = readFileSync(log, 'utf8').trim().split('\n');
  expect(resolved.some((url) => url.endsWith('/src/index.ts'))).toBe(true);
  expect(resolved.filter((url) => url.includes(`${root}/dist/`))).toEqual([]);
}, 90_000);
