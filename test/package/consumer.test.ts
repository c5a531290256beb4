/**
 * The package stage: the packed tarball (support/pack.ts), installed into a throwaway project in a
 * temporary directory, as users get it. Three things are checked on it:
 *
 * 1. Types: every README and docs/*.md example (support/doc-blocks.ts) and a program that touches the
 *    whole public surface compile as written, `strict` with `skipLibCheck: false`, under the module
 *    settings users have (node16, nodenext, bundler, node10 with esModuleInterop), on the lowest
 *    TypeScript the README promises and on the newest (TypeScript 7, whose `tsc` is native).
 * 2. Doc-tests: the runnable examples run against the embedded mock (`INVENT_BASE_URL` points there).
 * 3. Runtimes: one scenario (two pages with `for await`, a transactional send, a typed 404,
 *    `.withResponse()`, the User-Agent) on Node ESM and CommonJS, Bun, Deno with only `--allow-net`,
 *    and workerd running a Worker bundled by esbuild with Wrangler's conditions and nothing external.
 *    Bun, Deno and workerd are this repository's pinned devDependencies (their npm packages carry the
 *    binaries): nothing is downloaded at test time.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventMock, startInventMock } from '../../src/testing/index.js';
import { PEER_VERSIONS } from '../../src/testing/peer.js';
import { root, userEnv } from './support/build.js';
import { docBlocks } from './support/doc-blocks.js';
import { devVersion, installConsumer } from './support/pack.js';

const exec = promisify(execFile);
const VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version as string;

let dir: string;
let project: string;
let mock: InventMock;

const CONTACTS = [{ id: 'cnt_a' }, { id: 'cnt_b' }, { id: 'cnt_c' }];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'invent-sdk-consumer-'));
  const extra = [
    ...Object.keys(PEER_VERSIONS).map((name) => `${name}@${devVersion(name)}`),
    `@types/node@${devVersion('@types/node')}`,
    `@types/ws@${devVersion('@types/ws')}`,
    `ioredis@${devVersion('ioredis')}`,
  ];
  [project, mock] = await Promise.all([installConsumer(dir, 'consumer', extra, { type: 'module' }), startInventMock()]);
  startTypeChecks();
}, 180_000);

afterAll(async () => {
  await typeChecks?.catch(() => {});
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 900_000);

/** Runs a program; resolves with its exit code and output instead of throwing. */
async function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}) {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: options.cwd ?? project,
      env: userEnv(options.env),
      timeout: options.timeout ?? 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: (e.stderr ?? '') + e.message };
  }
}

/** Runs tasks two at a time (the machine has two cores). */
async function pooled<T>(tasks: Array<() => Promise<T>>, width = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------------
// 1. Types (the compilers and settings; the checks run at the end of the file)

/** Touches every entry point and the methods the declarations once lost. */
const SURFACE = `import {
  createInvent, InventPromise, ListPromise, NotFoundError, InventApiError, RateLimitError, PaginationError,
  type Invent, type InventOptions, type TransactionalBroadcast, type InboxConnection, type InboxEvent, type Page,
} from 'invent-sdk';
import { startInventMock, startInboxMock, scenarios } from 'invent-sdk/testing';
import { redisStore } from 'invent-sdk/redis';

const options: InventOptions = { apiKey: 'k', baseUrl: 'http://localhost:4010', fetchOptions: { keepalive: false } };
const invent: Invent = createInvent(options);
const otp: TransactionalBroadcast<{ otp: string }> = invent.broadcasts.transactional<{ otp: string }>('brd_1');
const created: Promise<TransactionalBroadcast> = invent.broadcasts.createTransactional({ name: 'OTP' });
const inbox: Promise<InboxConnection> = invent.inbox.connect();
const response: Promise<Response> = invent.assistants.get('ast_1').asResponse();
const withResponse: Promise<{ data: unknown; response: Response }> = invent.assistants.get('ast_1').withResponse();
const list: ListPromise<unknown> = invent.contacts.list({ take: 2 });
const page: Promise<Page<unknown>> = invent.contacts.list();
const event: InboxEvent['type'] = 'message';
void [otp, created, inbox, response, withResponse, list, page, event, InventPromise, NotFoundError, InventApiError, RateLimitError, PaginationError];
void [startInventMock, startInboxMock, scenarios, redisStore];
// @ts-expect-error: a generated method cannot be called with a wrong argument
invent.contacts.list({ take: 'twenty' });
export {};
`;

interface Setting {
  name: string;
  options: Record<string, unknown>;
}

const SETTINGS: Setting[] = [
  { name: 'node16', options: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'nodenext', options: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'bundler', options: { module: 'esnext', moduleResolution: 'bundler' } },
  { name: 'node10', options: { module: 'es2022', moduleResolution: 'node10', esModuleInterop: true } },
];

/**
 * The lowest TypeScript the README promises (5.4: openapi-fetch's declarations need its
 * `NoInfer`), the last with a JavaScript compiler (6.0), and the newest (7.0, native). TypeScript 7
 * has no node10 resolution any more; 6.0 still checks it. Each run costs seconds of CPU, so the
 * matrix stays this size.
 */
const COMPILERS = [
  { name: 'TypeScript 5.4', package: 'typescript-5.4', settings: ['node16', 'nodenext', 'bundler', 'node10'] },
  { name: 'TypeScript 6.0', package: 'typescript-6', settings: ['nodenext', 'node10'] },
  { name: 'TypeScript 7.0', package: 'typescript-7', settings: ['node16', 'nodenext', 'bundler'] },
];

function tsconfig(setting: Setting, compiler: string, files: string[]): object {
  return {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      ...setting.options,
      // TypeScript 6 deprecates node10 resolution (TypeScript 7 removes it): acknowledged, still checked on 6.
      ...(compiler === 'TypeScript 6.0' && setting.name === 'node10' ? { ignoreDeprecations: '6.0' } : {}),
    },
    files,
  };
}

// ---------------------------------------------------------------------------------------------------
// 2. Doc-tests

describe('doc-tests: the runnable examples, run from the tarball against the embedded mock', () => {
  const blocks = docBlocks().filter((b) => b.run);

  it.each(blocks.map((b) => [b.where, b] as const))(
    '%s',
    async (_where, block) => {
      const js = block.file.replace(/\.ts$/, '.mjs');
      const out = await build({
        stdin: { contents: block.program, loader: 'ts', resolveDir: project, sourcefile: block.file },
        bundle: false,
        format: 'esm',
        platform: 'node',
        target: 'es2022',
        write: false,
      });
      writeFileSync(join(project, js), out.outputFiles[0]!.text);
      const result = await run(process.execPath, [js], {
        env: { INVENT_BASE_URL: mock.url, INVENT_API_KEY: 'doc-test-key' },
        timeout: 60_000,
      });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.code).toBe(0);
    },
    90_000,
  );
});

// ---------------------------------------------------------------------------------------------------
// 3. Runtimes

const SCENARIO = `export async function scenario(sdk, baseUrl) {
  const { createInvent, NotFoundError, InventApiError } = sdk;
  const invent = createInvent({ apiKey: 'runtime-test-key', baseUrl, rateLimit: false, maxRetries: 0, dangerouslyAllowBrowser: true });
  const ids = [];
  for await (const contact of invent.contacts.list({ take: 2 })) ids.push(contact.id);
  const records = await invent.broadcasts.transactional('brd_runtime').send({ email: 'ana@example.com' }, { variables: { otp: '123456' } });
  const missing = await invent.assistants.get('ast_missing', { headers: { Prefer: 'code=404' } }).catch((error) => error);
  const { data, response } = await invent.assistants.get('ast_present').withResponse();
  const raw = await invent.assistants.get('ast_present').asResponse();
  return {
    ids,
    sent: Array.isArray(records),
    notFound: missing instanceof NotFoundError && missing instanceof InventApiError,
    status: missing.status,
    withResponse: { body: typeof data, status: response.status },
    asResponse: raw.status,
  };
}
`;

const NODE_ESM = `import * as sdk from 'invent-sdk';
import { scenario } from './scenario.mjs';
console.log(JSON.stringify(await scenario(sdk, process.argv[2])));
`;
const NODE_CJS = `const sdk = require('invent-sdk');
import('./scenario.mjs').then(({ scenario }) => scenario(sdk, process.argv[2])).then((result) => console.log(JSON.stringify(result)));
`;
const DENO = `import * as sdk from 'invent-sdk';
import { scenario } from './scenario.mjs';
console.log(JSON.stringify(await scenario(sdk, Deno.args[0])));
`;
const WORKER = `import * as sdk from 'invent-sdk';
import { scenario } from './scenario.mjs';
export default {
  async test(controller, env) {
    console.log('RESULT ' + JSON.stringify(await scenario(sdk, env.MOCK_URL)));
  },
};
`;

/** The scenario's answer, and what the mock saw: two pages, a send, the User-Agent. */
function expectScenario(result: { code: number; stdout: string; stderr: string }, userAgent: RegExp | undefined, since: number) {
  expect(result.stderr.replace(/^(Warning|npm warn).*$/gm, '').trim(), result.stderr).not.toMatch(/Error|error:/);
  expect(result.code, result.stderr).toBe(0);
  const line = result.stdout.split('\n').find((l) => l.includes('{"ids"'));
  expect(line, result.stdout + result.stderr).toBeDefined();
  const out = JSON.parse(line!.slice(line!.indexOf('{')));
  expect(out).toEqual({
    ids: CONTACTS.map((c) => c.id),
    sent: true,
    notFound: true,
    status: 404,
    withResponse: { body: 'object', status: 200 },
    asResponse: 200,
  });
  const calls = mock.requests.slice(since);
  expect(calls.filter((c) => c.method === 'GET' && /\/contacts$/.test(c.path))).toHaveLength(2);
  expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/broadcasts/brd_runtime/send'))).toHaveLength(1);
  if (userAgent) for (const call of calls) expect(call.headers['user-agent'], call.path).toMatch(userAgent);
}

/** A pinned runtime's binary inside its npm package (the package's own install step may have moved it). */
function binary(candidates: string[]): string {
  const found = candidates.map((c) => join(root, 'node_modules', c)).find((path) => existsSync(path));
  if (!found) throw new Error(`none of ${candidates.join(', ')} is installed: run npm ci (the runtimes are devDependencies)`);
  return found;
}

describe('one scenario on every runtime, from the tarball', () => {
  const ua = new RegExp(`^invent-sdk/${VERSION.replace(/\./g, '\\.')}$`);

  beforeAll(() => {
    writeFileSync(join(project, 'scenario.mjs'), SCENARIO);
    writeFileSync(join(project, 'node-esm.mjs'), NODE_ESM);
    writeFileSync(join(project, 'node-cjs.cjs'), NODE_CJS);
    mock.use({
      match: { method: 'GET', path: '/orgs/{org_id}/contacts' },
      steps: [{ paginate: { items: CONTACTS }, times: 'always' }],
    });
  });

  it('Node 20, ESM', async () => {
    const since = mock.requests.length;
    expectScenario(await run(process.execPath, ['node-esm.mjs', mock.url]), ua, since);
  });

  it('Node 20, CommonJS', async () => {
    const since = mock.requests.length;
    expectScenario(await run(process.execPath, ['node-cjs.cjs', mock.url]), ua, since);
  });

  it('Bun', async () => {
    const bun = binary(['@oven/bun-linux-x64/bin/bun', 'bun/bin/bun.exe']);
    const since = mock.requests.length;
    expectScenario(await run(bun, ['node-esm.mjs', mock.url], { env: { BUN_INSTALL_CACHE_DIR: join(dir, 'bun-cache') } }), ua, since);
  });

  it('Deno, with only --allow-net (no env, read or write access)', async () => {
    const deno = binary(['@deno/linux-x64-glibc/deno', 'deno/deno']);
    writeFileSync(join(project, 'deno-entry.mjs'), DENO);
    await build({
      entryPoints: [join(project, 'deno-entry.mjs')],
      absWorkingDir: project,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['deno', 'import', 'default'],
      target: 'es2022',
      outfile: join(project, 'deno-bundle.mjs'),
      logLevel: 'silent',
    });
    const host = new URL(mock.url).host;
    const since = mock.requests.length;
    const result = await run(deno, ['run', '--no-prompt', `--allow-net=${host}`, 'deno-bundle.mjs', mock.url], {
      env: { DENO_DIR: join(dir, 'deno-dir'), NO_COLOR: '1' },
    });
    expectScenario(result, ua, since);
  });

  it('workerd: a Worker bundled by esbuild with Wrangler conditions and nothing external', async () => {
    const workerd = binary(['@cloudflare/workerd-linux-64/bin/workerd', 'workerd/bin/workerd']);
    writeFileSync(join(project, 'worker-entry.mjs'), WORKER);
    const bundle = await build({
      entryPoints: [join(project, 'worker-entry.mjs')],
      absWorkingDir: project,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      outfile: join(project, 'worker.js'),
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(bundle.metafile.inputs).filter((input) => /node_modules\/ws\//.test(input))).toEqual([]);
    writeFileSync(
      join(project, 'worker.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "MOCK_URL", text = ${JSON.stringify(mock.url)})],
  globalOutbound = "loopback",
);
`,
    );
    const since = mock.requests.length;
    const result = await run(workerd, ['test', '--verbose', 'worker.capnp']);
    expectScenario({ ...result, stdout: result.stdout + result.stderr, stderr: '' }, ua, since);
  });
});

// ---------------------------------------------------------------------------------------------------
// 1. Types (run last)

/** The type checks, started as soon as the consumer is installed and awaited by the tests at the end of this file. */
let typeChecks: Promise<Map<string, { code: number; output: string }>>;
const MATRIX = COMPILERS.flatMap((compiler) =>
  SETTINGS.filter((setting) => compiler.settings.includes(setting.name)).map((setting) => ({ compiler, setting })),
);

/** Writes the consumer's programs and runs every compiler and setting, two at a time, in the background. */
function startTypeChecks(): void {
  const blocks = docBlocks();
  const files = ['surface.ts', ...blocks.map((b) => b.file)];
  writeFileSync(join(project, 'surface.ts'), SURFACE);
  for (const block of blocks) writeFileSync(join(project, block.file), block.program);
  const results = new Map<string, { code: number; output: string }>();
  typeChecks = pooled(
    MATRIX.map(({ compiler, setting }) => async () => {
      const config = `tsconfig.${compiler.package}.${setting.name}.json`;
      writeFileSync(join(project, config), JSON.stringify(tsconfig(setting, compiler.name, files), null, 2));
      const tsc = join(root, 'node_modules', compiler.package, 'bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', config], { timeout: 400_000 });
      results.set(`${compiler.name} ${setting.name}`, { code: result.code, output: `${result.stdout}${result.stderr}`.trim() });
    }),
  ).then(() => results);
  typeChecks.catch(() => {}); // awaited (and reported) by the tests below
}

// Last in the file: the checks ran meanwhile.
describe('types, from the tarball: every docs example and the whole surface compile as written', () => {
  it('finds the examples (the README has several)', () => {
    expect(docBlocks().filter((b) => b.where.startsWith('README.md')).length).toBeGreaterThan(3);
  });

  it.each(MATRIX.map(({ compiler, setting }) => [`${compiler.name} ${setting.name}`]))(
    '%s',
    async (key) => {
      const result = (await typeChecks).get(key)!;
      expect(result.output).toBe('');
      expect(result.code).toBe(0);
    },
    900_000,
  );
});
