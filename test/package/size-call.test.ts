/**
 * The size budget counts only what loads at start (support/bundle-size.ts); chunks loaded by
 * `import()` are left out because the measured program never loads them. This proves it: the
 * program's bundle is written without its lazy chunks and run, and its call must still succeed.
 * Anything the call needs that moved behind an `import()` fails here instead of leaving the count.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProgram, requireBuild, userEnv } from './support/build.js';
import { PROGRAM } from './support/bundle-size.js';

beforeAll(() => requireBuild());

const dir = mkdtempSync(join(tmpdir(), 'invent-size-call-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Answers every request with the record the program asks for, and counts the requests. */
const FAKE_FETCH = `
globalThis.__calls = 0;
globalThis.fetch = async (input, init) => {
  globalThis.__calls++;
  return new Response(JSON.stringify({ id: 'ast_2x9KqLmP7', name: 'Support' }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};
process.on('beforeExit', () => console.log('calls', globalThis.__calls));
`;

describe('what the size budget counts', () => {
  it('is all the measured program loads: its call succeeds with the lazy chunks removed', async () => {
    const bundle = await bundleProgram(PROGRAM); // as measured: for the browser, code-split
    expect(bundle.lazy.length, 'the program has lazy chunks to leave out').toBeGreaterThan(0);
    for (const name of bundle.startup) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bundle.files.get(name)!.contents);
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'fake-fetch.mjs'), FAKE_FETCH);
    const entry = bundle.startup[0]!;
    const run = spawnSync(process.execPath, ['--import', './fake-fetch.mjs', `./${entry}`], { cwd: dir, env: userEnv(), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ast_2x9KqLmP7');
    expect(run.stdout).toContain('calls 1');
  });
});
