/**
 * `invent-mock` as a command (spawned as a child process, called with raw HTTP), and its validating
 * proxy mode in front of a local server playing a misbehaving Invent.
 */
import { type ChildProcess, type SpawnOptions, spawn as spawnProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedAnswer } from '../support/spec.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenarioFile = fileURLToPath(new URL('../fixtures/scenarios/send-flaky.json', import.meta.url));

/*
 * Every process this file starts is spawned in its own process group and remembered, so that it ends
 * with the file: the whole group is killed after the tests, and on the way out if the run is cut short
 * (a failure, Ctrl-C). The command also stops by itself when its parent dies (see the last tests).
 */
const started = new Set<ChildProcess>();

function spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawnProcess(command, args, { ...options, detached: true });
  started.add(child); // kept after it exits: its group may still hold its children
  return child;
}

/** Whether a process (or, with a negative id, a process group) still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killAll(): void {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

/** Spawns a command and resolves once it prints the URL it listens on. */
function launch(args: string[], script = 'bin/invent-mock.mjs'): Promise<Running> {
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script, ...args] : [script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = (into: string[]) => (chunk: Buffer) => into.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stderr!.on('data', lines(stderr));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      lines(stdout)(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(stdout.join('\n'))?.[1];
      if (url) resolve({ child, url, stdout, stderr, exit });
    });
    void exit.then((code) => reject(new Error(`exited ${code} before listening:\n${stdout.join('\n')}\n${stderr.join('\n')}`)));
  });
}

/** One raw HTTP/1.1 call, curl-style. */
function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const auth = { Authorization: 'Bearer any-key' };
let mock: Running;
let proxy: Running;
let upstream: Server;
const upstreamSaw: string[] = [];

beforeAll(async () => {
  // A local "Invent" that breaks the contract in its answers: contacts with a numeric id and an unknown status.
  upstream = createServer((req, res) => {
    upstreamSaw.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    req.resume().on('end', () => {
      const body = req.url!.startsWith('/orgs/c/contacts') ? [{ id: 42, status: 'ZOMBIE' }] : { id: 'ast_1', name: 'Support' };
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as { port: number };
  [mock, proxy] = await Promise.all([
    launch(['--port', '0', '--scenario', scenarioFile]),
    launch(['--port', '0', '--proxy', `http://127.0.0.1:${port}`]),
  ]);
}, 60_000);

afterAll(async () => {
  const groups = [...started].map((child) => child.pid!).filter((pid) => pid !== undefined);
  killAll();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
  // Nothing this file started is left running.
  for (let i = 0; i < 100 && groups.some((pid) => alive(-pid)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(groups.filter((pid) => alive(-pid))).toEqual([]);
});

describe('invent-mock', () => {
  it('prints its URL and serves the contract to plain HTTP', async () => {
    expect(mock.stdout[0]).toMatch(/^Invent mock listening on http:\/\/127\.0\.0\.1:\d+ \(mock of .*openapi\.json, 2 scenario\(s\)\)$/);
    const res = await http(`${mock.url}/orgs/c/contacts?take=2`, { headers: auth });
    const documented = documentedAnswer('/orgs/{org_id}/contacts', 'get', '200');
    expect(res.status).toBe(200);
    expect(res.headers['pagination-count']).toBe(documented.headers['pagination-count']);
    expect(JSON.parse(res.body)).toEqual(documented.body);
  });

  it('plays the scenario file', async () => {
    const body = JSON.stringify({ email: 'ana@example.com' });
    const first = await http(`${mock.url}/orgs/c/broadcasts/brd_1/send`, { method: 'POST', headers: auth, body });
    const second = await http(`${mock.url}/orgs/c/broadcasts/brd_1/send`, { method: 'POST', headers: auth, body });
    expect([first.status, first.headers['retry-after'], second.status]).toEqual([429, '1', 200]);
    const gone = await http(`${mock.url}/orgs/c/broadcasts/brd_1/send`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'gone@example.com' }),
    });
    expect([gone.status, JSON.parse(gone.body)]).toEqual([400, { statusCode: 400, message: 'Contact is unsubscribed' }]);
  });

  it('refuses a request that breaks the contract, prints the violation to stderr as a JSON line, and records it', async () => {
    const res = await http(`${mock.url}/orgs/c/assistants`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'x'.repeat(1025) }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toEqual(['request.body.name: Request body property name must NOT have more than 1024 characters']);
    await expect
      .poll(() => mock.stderr.map((l) => JSON.parse(l)))
      .toContainEqual(
        expect.objectContaining({
          type: 'contract-violation',
          direction: 'request',
          method: 'POST',
          path: '/orgs/c/assistants',
          operation: 'POST /orgs/{org_id}/assistants',
          status: 400,
          location: ['request', 'body', 'name'],
        }),
      );
    const recorded = JSON.parse((await http(`${mock.url}/__invent/requests`)).body);
    expect(recorded.at(-1)).toMatchObject({
      operation: 'POST /orgs/{org_id}/assistants',
      status: 400,
      headers: { authorization: 'Bearer [redacted]' },
    });
  });

  it('stops on SIGTERM with exit code 0 and frees its port', async () => {
    mock.child.kill('SIGTERM');
    expect(await mock.exit).toBe(0);
    await expect(http(`${mock.url}/orgs/c/contacts`, { headers: auth })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('exits 2 on bad usage or an unreadable scenario file, 1 when it cannot start', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/invent-mock.mjs', ...args], { cwd: root });
        let stderr = '';
        child.stderr!.on('data', (c: Buffer) => (stderr += c));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const taken = String(new URL(proxy.url).port);
    const [badPort, missing, unknown, busy] = await Promise.all([
      run(['--port', 'abc']),
      run(['--scenario', 'no/such/file.json']),
      run(['--frobnicate']),
      run(['--port', taken]),
    ]);
    expect(busy).toMatchObject({ code: 1, stderr: expect.stringContaining('invent-mock: cannot start: listen EADDRINUSE') });
    expect(badPort).toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be a port number') });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read scenario file') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--frobnicate'") });
  });

  it.each([
    ['SIGTERM, which it does not pass on (as npx does)', 'SIGTERM'],
    ['SIGKILL (a test runner cut short)', 'SIGKILL'],
  ] as const)(
    'stops and frees its port when the process that started it ends by %s',
    async (_, signal) => {
      // An npx-like wrapper: starts the mock as its child and passes no signal on.
      const wrapper = spawn(
        process.execPath,
        [
          '-e',
          `const c = require('node:child_process').spawn(process.execPath, ['bin/invent-mock.mjs', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
         c.stdout.on('data', (d) => process.stdout.write(d));
         process.stdout.write('child pid ' + c.pid + '\\n');
         process.on('SIGTERM', () => process.exit(143));`,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      wrapper.stdout!.on('data', (c: Buffer) => (out += c));
      await expect.poll(() => /listening on (http:\/\/\S+)/.test(out), { timeout: 30_000, interval: 50 }).toBe(true);
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const pid = Number(/child pid (\d+)/.exec(out)![1]);
      expect((await http(`${url}/orgs/c/contacts?take=1`, { headers: auth })).status).toBe(200);
      wrapper.kill(signal);
      await expect.poll(() => alive(pid), { timeout: 10_000, interval: 50 }).toBe(false);
      await expect(http(`${url}/orgs/c/contacts`, { headers: auth })).rejects.toThrow(/ECONNREFUSED/);
    },
    60_000,
  );

  it('npm run mock is the same command', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts', '--help'], { cwd: root });
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: invent-mock');
  });
});

describe('invent-mock --proxy', () => {
  it('forwards to the upstream and reports its contract violations without blocking the call', async () => {
    const res = await http(`${proxy.url}/orgs/c/contacts`, { headers: auth });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([{ id: 42, status: 'ZOMBIE' }]); // passed through untouched
    expect(res.headers['x-upstream']).toBe('yes');
    const violations = JSON.parse(res.headers['x-invent-contract-violations'] as string);
    expect(violations).toEqual([
      expect.objectContaining({ location: ['response', 'body', '0', 'id'], severity: 'Error' }),
      expect.objectContaining({ location: ['response', 'body', '0', 'status'], code: 'enum' }),
    ]);
    expect(upstreamSaw.at(-1)).toBe('GET /orgs/c/contacts Bearer any-key');
    await expect
      .poll(() => proxy.stderr.map((l) => JSON.parse(l)).filter((v) => v.direction === 'response' && v.path === '/orgs/c/contacts'))
      .toHaveLength(2);
  });

  it('reports request violations too, and still forwards the call', async () => {
    const res = await http(`${proxy.url}/orgs/c/assistants`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'x'.repeat(1025) }),
    });
    expect(res.status).toBe(200);
    expect(upstreamSaw.at(-1)).toBe('POST /orgs/c/assistants Bearer any-key');
    const violations = JSON.parse(res.headers['x-invent-contract-violations'] as string);
    expect(violations).toContainEqual(expect.objectContaining({ location: ['request', 'body', 'name'], code: 'maxLength' }));
    await expect
      .poll(() => proxy.stderr.map((l) => JSON.parse(l)))
      .toContainEqual(expect.objectContaining({ direction: 'request', operation: 'POST /orgs/{org_id}/assistants', code: 'maxLength' }));
  });

  it('answers calls that keep the contract without a violations header', async () => {
    const res = await http(`${proxy.url}/orgs/c/assistants/ast_1`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers['x-invent-contract-violations']).toBeUndefined();
  });

  it('stops on SIGINT with exit code 0', async () => {
    proxy.child.kill('SIGINT');
    expect(await proxy.exit).toBe(0);
  });
});
