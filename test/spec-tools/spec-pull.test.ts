/** spec:pull without the internet: contracts served by a local HTTP server (port 0), or read from files. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatSpec, normalizeContract } from '../../scripts/lib/spec-normalize.js';
import { pullSpec } from '../../scripts/lib/spec-pull.js';
import { loadContract, SpecError } from '../../scripts/lib/spec-source.js';
import { fixture, root, runScript } from './helpers.js';

let server: Server;
let baseUrl: string;
let dir: string;
let out: string;
/** What `out` holds before each pull: a contract with an SDK extension a pull must not keep. */
const previous = `${JSON.stringify({ openapi: '3.1.0', info: { title: 'Previous', version: '0' }, paths: {}, 'x-invent-note': 'kept?' }, null, 2)}\n`;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name = decodeURIComponent(req.url!.slice(1));
    if (name === 'page.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Maintenance</title>');
      return;
    }
    const text = await readFile(fixture(name), 'utf8').catch(() => undefined);
    if (text === undefined) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'application/yaml' : 'application/json' }).end(text);
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
  await writeFile(out, previous);
});

describe('spec:pull', () => {
  it('pulls an OpenAPI 3.0 YAML contract over HTTP and writes it as normalized OpenAPI 3.1 JSON', async () => {
    const report = await pullSpec({ from: `${baseUrl}/same-api-3.0.yaml`, out });
    expect(report).toMatchObject({ changed: true, sourceVersion: '3.0.3', title: 'Fixture API', paths: 5, operations: 7, warnings: [] });
    const text = await readFile(out, 'utf8');
    const written = JSON.parse(text);
    expect(written.openapi).toBe('3.1.0');
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(written.paths)).toEqual(Object.keys(written.paths).sort());
    const dto = written.components.schemas;
    expect(dto.ContactDto.properties.name).toEqual({ type: ['string', 'null'] });
    // NestJS's `nullable: true` beside `allOf: [$ref]` keeps its null.
    expect(dto.ContactDto.properties.owner).toEqual({ anyOf: [{ $ref: '#/components/schemas/OwnerDto' }, { type: 'null' }] });
    expect(dto.CreateContactDto.properties.age).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    // The SDK's own knowledge is not the contract's: nothing is carried over from the previous file.
    expect(written['x-invent-note']).toBeUndefined();
    expect(text).not.toContain('x-invent-');
  });

  it('is idempotent, and a 3.1 contract that is already normalized is written unchanged', async () => {
    await pullSpec({ from: `${baseUrl}/same-api-3.0.yaml`, out });
    const first = await readFile(out, 'utf8');
    expect((await pullSpec({ from: `${baseUrl}/same-api-3.0.yaml`, out })).changed).toBe(false);
    expect((await pullSpec({ from: out, out })).changed).toBe(false);
    expect(await readFile(out, 'utf8')).toBe(first);
    expect(formatSpec(JSON.parse(first))).toBe(first);
  });

  it('inlines $refs to other files of a split contract', async () => {
    await pullSpec({ from: fixture('external-ref.yaml'), out });
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written.components.schemas.Thing.properties.label).toEqual({ type: ['string', 'null'] });
    expect(written.paths['/things/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Thing',
    });
  });

  it('normalizes the SDK’s own openapi.json without changing a value, and the normal form is stable', async () => {
    const current = JSON.parse(await readFile(join(root, 'openapi.json'), 'utf8'));
    const normalized = await normalizeContract(current);
    expect(normalized).toEqual(current);
    expect(formatSpec(await normalizeContract(JSON.parse(formatSpec(normalized))))).toBe(formatSpec(normalized));
  });

  it('refuses bad input with an error naming the problem, and leaves the target file untouched', async () => {
    const cases: Array<[string, RegExp]> = [
      [fixture('bad/swagger-2.json'), /Swagger "2\.0" \(OpenAPI 2\.0\), which is not supported/],
      [fixture('bad/openapi-4.yaml'), /OpenAPI "4\.0\.0", which is not supported: expected OpenAPI 3\.0\.x or 3\.1\.x/],
      [fixture('bad/not-openapi.json'), /not an OpenAPI document \(no "openapi" version field\)/],
      [fixture('bad/broken-ref.yaml'), /1 \$ref\(s\) cannot be resolved: #\/components\/schemas\/Missing/],
      [fixture('bad/missing-external-ref.yaml'), /cannot be resolved: \.\/no-such-file\.yaml#\/Thing/],
      [fixture('bad/duplicate-route.json'), /duplicate operation GET \/a\/\{aid\} and GET \/a\/\{id\}/],
      [`${baseUrl}/page.html`, /not an OpenAPI document \(it looks like HTML\)/],
      [`${baseUrl}/missing.json`, /cannot fetch .*: HTTP 404/],
      [join(dir, 'nope.json'), /cannot read .*nope\.json: no such file/],
    ];
    for (const [from, message] of cases) {
      const error = await pullSpec({ from, out }).catch((e: unknown) => e);
      expect(error, from).toBeInstanceOf(SpecError);
      expect((error as Error).message, from).toMatch(message);
      expect(await readFile(out, 'utf8'), from).toBe(previous);
    }
    await expect(loadContract(fixture('bad/not-openapi.json'))).rejects.toThrow(SpecError);
  });

  it('runs as `npm run spec:pull -- --from URL --out FILE`: exit 0, or 2 with the file untouched', async () => {
    const other = join(dir, 'untouched.json');
    await writeFile(other, previous);
    const [ok, swagger, duplicate, bogus] = await Promise.all([
      runScript('spec-pull.ts', ['--from', `${baseUrl}/same-api-3.0.yaml`, '--out', out]),
      runScript('spec-pull.ts', ['--from', `${baseUrl}/bad/swagger-2.json`, '--out', other]),
      runScript('spec-pull.ts', ['--from', fixture('bad/duplicate-route.json'), '--out', other]),
      runScript('spec-pull.ts', ['--bogus']),
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      /^wrote .*: Fixture API 1\.0\.0, 5 paths, 7 operations \(from http:\/\/127\.0\.0\.1:\d+\/same-api-3\.0\.yaml, upgraded from OpenAPI 3\.0\.3 to 3\.1\)/,
    );
    expect(JSON.parse(await readFile(out, 'utf8')).openapi).toBe('3.1.0');
    expect([swagger.status, swagger.stderr]).toEqual([2, expect.stringContaining('spec:pull: http://127.0.0.1:')]);
    expect(swagger.stderr).toContain('is Swagger "2.0"');
    expect([duplicate.status, duplicate.stderr]).toEqual([2, expect.stringContaining('duplicate operation GET /a/{aid} and GET /a/{id}')]);
    expect(await readFile(other, 'utf8')).toBe(previous);
    expect([bogus.status, bogus.stderr]).toEqual([2, expect.stringContaining("Unknown option '--bogus'")]);
  }, 240_000);
});
