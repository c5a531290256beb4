/**
 * The package as users get it: `npm pack`, then `npm install <tarball>` into an empty project in a
 * temporary directory (not this repository, so nothing resolves to src/ or to our devDependencies),
 * and small ESM and CommonJS programs that use it against the in-repo mock. Also publint and
 * arethetypeswrong on the same tarball, the lazy loading of heavy pieces, the optional peer
 * dependencies of `invent-sdk/testing` and the `invent-mock` command.
 *
 * Needs the build (`npm run build`; `npm test` runs it first). Takes a few seconds: pack, one
 * install from npm's cache, and one more for the Prism peers.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventMock, startInventMock } from '../../src/testing/index.js';
import { PEER_VERSIONS } from '../../src/testing/peer.js';
import { requireBuild, root, userEnv } from './support/build.js';
import { packedTarball } from './support/pack.js';
import { documentedAnswer } from '../support/spec.js';

/** The id in the contract's documented answer to an assistant read (what the mock answers, whatever id is asked for). */
const ASSISTANT_ID = (documentedAnswer('/orgs/{org_id}/assistants/{assistant_id}', 'get', '200').body as { id: unknown }).id;

const exec = promisify(execFile);

let dir: string;
let tarball: string;
let project: string;
let mock: InventMock;
/** A second consumer project with the Prism and ws peers too, installed in the background meanwhile. */
let withPeers: Promise<string>;

/** Runs `node <file>` (written into the consumer project) as a user would, and returns its stdout parsed as JSON. */
async function runProgram(name: string, source: string, cwd = project): Promise<any> {
  writeFileSync(join(cwd, name), source);
  const { stdout } = await exec(process.execPath, [name], { cwd, env: userEnv({ MOCK_URL: mock.url }), timeout: 30_000 });
  return JSON.parse(stdout);
}

/** Runs a command in the consumer project; resolves with its exit code and output instead of throwing. */
async function run(file: string, args: string[], cwd = project): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, env: userEnv(), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const npm = (args: string[], cwd: string) => exec('npm', args, { cwd, env: userEnv(), timeout: 120_000 });
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];

beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'invent-sdk-package-'));
  tarball = await packedTarball(); // one `npm pack` per build, shared with the other package tests
  project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const peersProject = join(dir, 'consumer-with-peers');
  mkdirSync(peersProject);
  writeFileSync(join(peersProject, 'package.json'), JSON.stringify({ name: 'consumer-with-peers', private: true, type: 'module' }));
  withPeers = npm(
    ['install', ...INSTALL, tarball, ...Object.keys(PEER_VERSIONS).map((name) => `${name}@${devVersion(name)}`)],
    peersProject,
  ).then(() => peersProject);
  withPeers.catch(() => {}); // awaited (and reported) by its test
  [mock] = await Promise.all([startInventMock(), npm(['install', ...INSTALL, tarball], project)]);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('carries only what users need', async () => {
    const { stdout } = await exec('tar', ['tzf', tarball]);
    const files = stdout
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    const tops = [...new Set(files.map((f) => f.split('/')[0]))].sort();
    expect(tops).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'openapi.json', 'package.json']);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'dist/testing/index.js',
        'dist/testing/cli.js',
      ]),
    );
    expect(files.filter((f) => /\.(ts|map)$/.test(f) && !/\.d\.c?ts$/.test(f))).toEqual([]);
  });

  it('declares the hand-written methods in its bundled types (they were once dropped)', async () => {
    const dist = join(project, 'node_modules/invent-sdk/dist');
    const declarations = readdirSync(dist)
      .filter((f) => /\.d\.c?ts$/.test(f))
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .join('\n');
    expect(declarations).toMatch(/\btransactional<V extends object = Variables>\(broadcastId: string/);
    expect(declarations).toMatch(/\bcreateTransactional<V extends object = Variables>\(/);
    expect(declarations).toMatch(/\bconnect\(options\?: InboxConnectOptions\): Promise<InboxConnection>/);
    expect(declarations).not.toMatch(/declare module '\.\.\/\.\.\/generated/);
    // openapi-fetch's Client<paths> types would be checked over the whole contract in every program that imports the SDK.
    expect(declarations).not.toMatch(/from 'openapi-(fetch|typescript-helpers)'/);
  });

  it('passes publint', async () => {
    const result = await run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), tarball], root);
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.code).toBe(0);
  });

  it('passes arethetypeswrong for every entry point', async () => {
    const result = await run(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'json'], root);
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(['.', './testing', './openapi.json']));
  }, 60_000);
});

describe('installed from the tarball', () => {
  it("refuses a JavaScript caller's unknown client and method options and body fields, naming the nearest known one", async () => {
    const out = await runProgram(
      'options.mjs',
      `import { createInvent } from 'invent-sdk';
const caught = async (call) => { try { await call(); return 'no error'; } catch (e) { return \`\${e.name}: \${e.message}\`; } };
const invent = createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false, maxRetries: 0 });
console.log(JSON.stringify({
  client: await caught(() => createInvent({ apiKey: 'k', timout: 1 })),
  method: await caught(() => invent.contacts.list({}, { concurency: 2 })),
  body: await caught(() => invent.assistants.create({ nmae: 'Support' })),
}));
`,
    );
    expect(out.client).toMatch(/^InventConfigError: createInvent\(\): unknown option `timout` \(did you mean `timeout`\?/);
    expect(out.method).toMatch(/^InventValidationError: contacts\.list: unknown option `concurency` \(did you mean `concurrency`\?/);
    expect(out.body).toMatch(
      /^InventValidationError: assistants\.create: unknown parameter `nmae` \(did you mean `name`\?.*`options\.extra` sends it anyway/,
    );
  });

  it('works from ESM: a client, a call, a typed error', async () => {
    const out = await runProgram(
      'esm.mjs',
      `import { createInvent, NotFoundError, InventApiError } from 'invent-sdk';
const invent = createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false, maxRetries: 0 });
const assistant = await invent.assistants.get('ast_1');
const page = await invent.assistants.list({ take: 2 });
// Iterating loads the page walk, a chunk of its own.
const walked = await invent.assistants.list({ take: 2 }).toArray({ limit: 3 });
let error;
try { await invent.assistants.get('ast_missing', { headers: { Prefer: 'code=404' } }); } catch (e) { error = e; }
console.log(JSON.stringify({ id: assistant.id, items: page.items.length, walked: walked.length, error: error.name, status: error.status, notFound: error instanceof NotFoundError, api: error instanceof InventApiError, url: import.meta.resolve('invent-sdk') }));
`,
    );
    expect(out).toMatchObject({ id: ASSISTANT_ID, error: 'NotFoundError', status: 404, notFound: true, api: true });
    expect(out.items).toBeGreaterThan(0);
    expect(out.walked).toBeGreaterThan(0);
    expect(out.url).toMatch(/node_modules\/invent-sdk\/dist\/index\.js$/);
  });

  it('works from CommonJS: a client, a call, a typed error', async () => {
    const out = await runProgram(
      'cjs.cjs',
      `const { createInvent, NotFoundError } = require('invent-sdk');
(async () => {
  const invent = createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false, maxRetries: 0 });
  const assistant = await invent.assistants.get('ast_1');
  const walked = [];
  for await (const item of invent.assistants.list({ take: 2 })) if (walked.push(item) >= 3) break;
  let error;
  try { await invent.GET('/orgs/{org_id}/assistants/{assistant_id}', { params: { path: { assistant_id: 'x' } }, headers: { Prefer: 'code=404' } }); } catch (e) { error = e; }
  console.log(JSON.stringify({ id: assistant.id, walked: walked.length, notFound: error instanceof NotFoundError, requestId: typeof error.requestId, file: require.resolve('invent-sdk') }));
})();
`,
    );
    expect(out).toMatchObject({ id: ASSISTANT_ID, notFound: true });
    expect(out.walked).toBeGreaterThan(0);
    expect(out.file).toMatch(/node_modules\/invent-sdk\/dist\/index\.cjs$/);
  });

  it('recognises its errors across the ESM and CommonJS copies (instanceof both ways)', async () => {
    const out = await runProgram(
      'dual.mjs',
      `import { createRequire } from 'node:module';
import * as esm from 'invent-sdk';
const cjs = createRequire(import.meta.url)('invent-sdk');
const copies = { esm, cjs };
const result = { distinct: esm.NotFoundError !== cjs.NotFoundError };
for (const [from, mod] of Object.entries(copies)) {
  const invent = mod.createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false, maxRetries: 0 });
  const error = await invent.assistants.get('ast_1', { headers: { Prefer: 'code=404' } }).catch((e) => e);
  for (const [to, other] of Object.entries(copies)) {
    result[from + '->' + to] = [error instanceof other.NotFoundError, error instanceof other.InventApiError, error instanceof other.InventError, !(error instanceof other.RateLimitError)];
  }
  const config = (() => { try { mod.createInvent({ baseUrl: 'http://example.com' }); } catch (e) { return e; } })();
  result[from + ':config'] = [config instanceof esm.InventConfigError, config instanceof cjs.InventConfigError];
}
console.log(JSON.stringify(result));
`,
    );
    expect(out.distinct).toBe(true);
    for (const key of ['esm->esm', 'esm->cjs', 'cjs->esm', 'cjs->cjs']) expect(out[key], key).toEqual([true, true, true, true]);
    expect(out['esm:config']).toEqual([true, true]);
    expect(out['cjs:config']).toEqual([true, true]);
  });

  it('does not load valibot, ws or Prism for a client and a call (ESM and CommonJS)', async () => {
    writeFileSync(
      join(project, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, result.url + '\\n');
  return result;
}
`,
    );
    writeFileSync(join(project, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    const log = join(dir, 'resolved.log');
    writeFileSync(log, '');
    writeFileSync(
      join(project, 'light.mjs'),
      `import { createInvent } from 'invent-sdk';
const invent = createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false });
await invent.assistants.get('ast_1');
console.log(JSON.stringify({ ok: true }));
`,
    );
    await exec(process.execPath, ['--import', './register.mjs', 'light.mjs'], {
      cwd: project,
      env: userEnv({ MOCK_URL: mock.url, RESOLVED_LOG: log }),
    });
    const resolved = readFileSync(log, 'utf8').trim().split('\n');
    expect(resolved.some((url) => url.includes('/invent-sdk/dist/index.js'))).toBe(true);
    expect(resolved.filter((url) => /node_modules\/(valibot|ws|@stoplight)\//.test(url) || /\/dist\/(open|impl|walk)-/.test(url))).toEqual(
      [],
    );

    const cjs = await runProgram(
      'light.cjs',
      `const { createInvent } = require('invent-sdk');
createInvent({ apiKey: 'test-key', baseUrl: process.env.MOCK_URL, rateLimit: false }).assistants.get('ast_1').then(() => {
  console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](valibot|ws|@stoplight)[\\\\/]/.test(f))));
});
`,
    );
    expect(cjs).toEqual([]);
  });

  it('loads invent-sdk/testing without its optional peers, and names them when a mock starts', async () => {
    const out = await runProgram(
      'peers.mjs',
      `import { createRequire } from 'node:module';
import { startInventMock, startInboxMock } from 'invent-sdk/testing';
import { InventConfigError } from 'invent-sdk';
const messages = {};
for (const [name, start] of Object.entries({ prism: startInventMock, inbox: startInboxMock })) {
  const error = await start().then(() => undefined, (e) => e);
  messages[name] = { config: error instanceof InventConfigError, message: error.message };
}
const cjs = createRequire(import.meta.url)('invent-sdk/testing');
const error = await cjs.startInventMock().then(() => undefined, (e) => e);
messages.cjs = { config: error instanceof InventConfigError, message: error.message };
console.log(JSON.stringify(messages));
`,
    );
    const prism = `npm install --save-dev @stoplight/prism-http@${PEER_VERSIONS['@stoplight/prism-http']} @stoplight/prism-http-server@${PEER_VERSIONS['@stoplight/prism-http-server']} @stoplight/prism-core@${PEER_VERSIONS['@stoplight/prism-core']}`;
    expect(out.prism).toEqual({ config: true, message: expect.stringContaining(prism) });
    expect(out.cjs).toEqual({ config: true, message: expect.stringContaining(prism) });
    expect(out.inbox).toEqual({ config: true, message: expect.stringContaining(`npm install --save-dev ws@${PEER_VERSIONS.ws}`) });
  });

  it('runs the invent-mock command from dist/ with plain Node', async () => {
    const bin = join(project, 'node_modules/.bin/invent-mock');
    const help = await run(bin, ['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: invent-mock') });
    const start = await run(bin, ['--port', '0']);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('npm install --save-dev @stoplight/prism-http@');
  });

  it('serves the mock from invent-sdk/testing once the Prism peers are installed (ESM and CommonJS)', async () => {
    const cwd = await withPeers;
    const program = (load: string) => `${load}
let misspelt;
try { await startInventMock({ prot: 0 }); } catch (e) { misspelt = \`\${e.name}: \${e.message}\`; }
if (!/^InventConfigError: .*\`prot\`.*did you mean \`port\`/.test(misspelt)) throw new Error('unknown mock option: ' + misspelt);
const mock = await startInventMock();
try {
  const assistant = await mock.client.assistants.get('ast_1');
  const plain = await createInvent({ apiKey: 'k', baseUrl: mock.url, rateLimit: false }).contacts.list({ take: 2 });
  console.log(JSON.stringify({ id: assistant.id, calls: mock.requests.length, contacts: plain.items.length }));
} finally { await mock.close(); }
`;
    const esm = await runProgram(
      'mock.mjs',
      program(`import { startInventMock } from 'invent-sdk/testing';\nimport { createInvent } from 'invent-sdk';`),
      cwd,
    );
    const cjs = await runProgram(
      'mock-cjs.mjs',
      program(
        `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst { startInventMock } = require('invent-sdk/testing');\nconst { createInvent } = require('invent-sdk');`,
      ),
      cwd,
    );
    for (const out of [esm, cjs]) expect(out).toMatchObject({ id: ASSISTANT_ID, calls: 2 });
    expect(esm.contacts).toBeGreaterThan(0);
  }, 90_000);
});

/** The version this repository develops against (its devDependency), for installing a peer offline. */
function devVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return manifest.devDependencies[name]!;
}
