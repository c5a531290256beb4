/** spec:pull without the internet: the contract is served by a local HTTP server, or read from a file. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatSpec, normalizeSpec } from '../../scripts/lib/spec-normalize.js';
import { pullSpec } from '../../scripts/lib/spec-pull.js';
import { parseContract, SpecError } from '../../scripts/lib/spec-source.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/specs/${name}`, import.meta.url));

let server: Server;
let baseUrl: string;
let dir: string;
let out: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name = req.url!.slice(1);
    if (name === 'page.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Maintenance</title>');
      return;
    }
    const text = await readFile(fixture(name), 'utf8').catch(() => undefined);
    if (text === undefined) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  dir = await mkdtemp(join(tmpdir(), 'invent-spec-pull-'));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  out = join(dir, `openapi-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(out, await readFile(fixture('base.json'), 'utf8')); // the "current" contract, with our extensions
});

describe('spec:pull', () => {
  it('fetches from a URL, keeps our x-invent-* extensions by operation, and names the operations left without', async () => {
    const report = await pullSpec({ from: `${baseUrl}/live-no-extensions.json`, out });
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(report).toMatchObject({ changed: true, version: '2026-02-01', paths: 4, operations: 5, warnings: [] });
    expect(report.carried).toEqual([
      'GET /orgs/{org_id}/assistants/{assistant_id}',
      'DELETE /orgs/{org_id}/assistants/{assistant_id}',
      'POST /orgs/{org_id}/broadcasts/{broadcast_id}/send',
      'GET /orgs/{org_id}/contacts',
    ]);
    expect(report.missing).toEqual(['POST /orgs/{org_id}/assistants (createAssistant)']);
    const contacts = written.paths['/orgs/{org_id}/contacts'].get;
    expect(contacts['x-invent-pagination']).toEqual({ style: 'page', maxTake: 100 });
    expect(contacts['x-invent-rate-limit']).toEqual([{ group: 'general', limit: 500, windowSeconds: 60, scope: 'ip' }]);
    expect(written.paths['/orgs/{org_id}/broadcasts/{broadcast_id}/send'].post['x-invent-rate-limit']).toHaveLength(2);
  });

  it('writes a normalized file: sorted paths and maps, canonical field order, kept array and property order, 2 spaces, newline', async () => {
    await pullSpec({ from: fixture('live-no-extensions.json'), out });
    const text = await readFile(out, 'utf8');
    const written = JSON.parse(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "openapi": "3.1.0",');
    expect(Object.keys(written)).toEqual(['openapi', 'info', 'servers', 'security', 'paths', 'components']);
    expect(Object.keys(written.paths)).toEqual(Object.keys(written.paths).sort());
    expect(Object.keys(written.components.schemas)).toEqual(['Assistant', 'Contact', 'ContactStatus', 'Error']);
    expect(Object.keys(written.paths['/orgs/{org_id}/contacts'].get)).toEqual([
      'tags',
      'summary',
      'operationId',
      'parameters',
      'responses',
      'x-invent-idempotent',
      'x-invent-method',
      'x-invent-pagination',
      'x-invent-rate-limit',
    ]);
    // Arrays and schema properties keep the order they came in (the live file lists properties in reverse).
    expect(written.components.schemas.ContactStatus.enum).toEqual(['SUBSCRIBED', 'UNSUBSCRIBED', 'BLOCKED']);
    expect(written.components.schemas.Contact.required).toEqual(['id']);
    expect(Object.keys(written.components.schemas.Contact.properties)).toEqual(['status', 'email', 'name', 'id']);
    expect(written.paths['/orgs/{org_id}/contacts'].get.parameters.map((p: { $ref?: string; name?: string }) => p.$ref ?? p.name)).toEqual([
      '#/components/parameters/OrgId',
      'status',
      '#/components/parameters/Take',
    ]);
    // Only order changed, never a value.
    const { spec: source } = parseContract(await readFile(fixture('live-no-extensions.json'), 'utf8'), 'live');
    expect(normalizeSpec(source)).toEqual(source);
  });

  it('is idempotent: pulling the same contract again changes nothing', async () => {
    await pullSpec({ from: `${baseUrl}/live-no-extensions.json`, out });
    const first = await readFile(out, 'utf8');
    const again = await pullSpec({ from: `${baseUrl}/live-no-extensions.json`, out });
    expect(again.changed).toBe(false);
    expect(await readFile(out, 'utf8')).toBe(first);
    expect(formatSpec(JSON.parse(first))).toBe(first);
  });

  it('normalizes the SDK’s own openapi.json without changing a value', async () => {
    const current = JSON.parse(await readFile(join(root, 'openapi.json'), 'utf8'));
    const normalized = JSON.parse(formatSpec(current));
    expect(normalized).toEqual(current);
    expect(formatSpec(normalized)).toBe(formatSpec(current));
  });

  it('refuses what is not an OpenAPI 3.1 JSON contract, and leaves the file alone', async () => {
    const before = await readFile(out, 'utf8');
    await expect(pullSpec({ from: fixture('openapi-3.0.json'), out })).rejects.toThrow(/OpenAPI "3\.0\.3"; expected OpenAPI 3\.1\.x/);
    await expect(pullSpec({ from: `${baseUrl}/page.html`, out })).rejects.toThrow(/not JSON \(it looks like HTML\)/);
    await expect(pullSpec({ from: `${baseUrl}/missing.json`, out })).rejects.toThrow(/HTTP 404/);
    await expect(pullSpec({ from: join(dir, 'nope.json'), out })).rejects.toThrow(SpecError);
    expect(() => parseContract('openapi: 3.1.0\ninfo: {}\n', 'x.yaml')).toThrow(/looks like YAML/);
    expect(() =>
      parseContract(
        JSON.stringify({
          openapi: '3.1.0',
          info: { title: 't', version: '1' },
          paths: { '/a': { get: { responses: { 200: { $ref: '#/components/responses/Nope' } } } } },
        }),
        'x',
      ),
    ).toThrow(/point nowhere: #\/components\/responses\/Nope/);
    expect(await readFile(out, 'utf8')).toBe(before);
  });

  it('runs as `npm run spec:pull -- --from URL --out FILE` (exit 0), and exits 2 when the contract cannot be had', async () => {
    // Not spawnSync: this process serves the contract, so it must keep running while the command fetches it.
    const run = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/spec-pull.ts', ...args], { cwd: root });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c));
        child.stderr.on('data', (c: Buffer) => (stderr += c));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const [ok, failed, bogus] = await Promise.all([
      run(['--from', `${baseUrl}/live-no-extensions.json`, '--out', out]),
      run(['--from', `${baseUrl}/missing.json`, '--out', out]),
      run(['--bogus']),
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^wrote .*: Invent API \(fixture\) 2026-02-01, 4 paths, 5 operations/);
    expect(ok.stdout).toContain('1 operation(s) have no x-invent-* extension');
    expect(ok.stdout).toContain('  - POST /orgs/{org_id}/assistants (createAssistant)');
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('spec:pull: cannot fetch');
    expect(bogus.status).toBe(2);
  });
});
