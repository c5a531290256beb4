/** spec:diff on small fixture contracts: what changed for SDK users, breaking or not, and the bump. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffSpecs, renderMarkdown, type SpecDiff } from '../../scripts/lib/spec-diff.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const path = (name: string) => fileURLToPath(new URL(`../fixtures/specs/${name}.json`, import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(path(name), 'utf8'));
const diff = (to: string): SpecDiff => diffSpecs(load('base'), load(to));
const summary = (d: SpecDiff) => d.changes.map((c) => `${c.impact} ${c.kind} ${c.operation}${c.location ? ` ${c.location}` : ''}`);

describe('spec:diff', () => {
  it('an added operation is an addition: minor', () => {
    const d = diff('added-operation');
    expect(summary(d)).toEqual(['addition operation-added POST /orgs/{org_id}/assistants']);
    expect(d).toMatchObject({ bump: 'minor', breaking: 0, additions: 1 });
  });

  it('a removed operation is breaking: major', () => {
    const d = diff('removed-operation');
    expect(summary(d)).toEqual(['breaking operation-removed DELETE /orgs/{org_id}/assistants/{assistant_id}']);
    expect(d.bump).toBe('major');
  });

  it('a new required parameter is breaking', () => {
    expect(diff('new-required-parameter').changes).toEqual([
      expect.objectContaining({
        impact: 'breaking',
        kind: 'parameter-added',
        operationId: 'getContacts',
        location: 'query.segment_id',
        message: 'new required query parameter `segment_id`',
      }),
    ]);
  });

  it('a removed enum value is breaking, wherever the enum is used', () => {
    expect(summary(diff('removed-enum-value'))).toEqual([
      'breaking enum-value-removed GET /orgs/{org_id}/contacts query.status',
      'breaking enum-value-removed GET /orgs/{org_id}/contacts response[].status',
    ]);
  });

  it('a renamed field is a removal (breaking, with a hint) and an addition', () => {
    const d = diff('renamed-field');
    expect(d.changes.map((c) => c.message)).toEqual([
      'response field `[].name` removed (renamed to `full_name`?)',
      'new response field `[].full_name`',
    ]);
    expect(d).toMatchObject({ bump: 'major', breaking: 1, additions: 1 });
  });

  it('no change, no bump; and the other direction of each fixture is classified too', () => {
    expect(diff('base')).toMatchObject({ bump: 'none', changes: [] });
    const back = (from: string) => summary(diffSpecs(load(from), load('base')));
    expect(back('added-operation')).toEqual(['breaking operation-removed POST /orgs/{org_id}/assistants']);
    expect(back('new-required-parameter')).toEqual(['breaking parameter-removed GET /orgs/{org_id}/contacts query.segment_id']);
    expect(back('removed-enum-value')).toEqual([
      'addition enum-value-added GET /orgs/{org_id}/contacts query.status',
      'addition enum-value-added GET /orgs/{org_id}/contacts response[].status',
    ]);
  });

  it('reports request fields, required-ness and retyped response fields', () => {
    const before = load('base');
    const after = structuredClone(before);
    const send = after.paths['/orgs/{org_id}/broadcasts/{broadcast_id}/send'].post;
    const body = send.requestBody.content['application/json'].schema;
    body.properties.template_ids = { type: 'array', items: { type: 'string' } };
    body.properties.channel = { type: 'string' };
    body.required = ['channel'];
    delete body.properties.phone;
    send.responses['200'].content['application/json'].schema.items.properties.id = { type: 'integer' };
    after.components.schemas.Assistant.required = ['id'];
    expect(summary(diffSpecs(before, after)).sort()).toEqual(
      [
        'breaking request-field-added POST /orgs/{org_id}/broadcasts/{broadcast_id}/send body.channel',
        'breaking request-field-removed POST /orgs/{org_id}/broadcasts/{broadcast_id}/send body.phone',
        'breaking response-field-retyped POST /orgs/{org_id}/broadcasts/{broadcast_id}/send response[].id',
        'addition request-field-added POST /orgs/{org_id}/broadcasts/{broadcast_id}/send body.template_ids',
        'breaking response-field-optional GET /orgs/{org_id}/assistants/{assistant_id} response.name',
      ].sort(),
    );
  });

  it('renders Markdown for a pull request description', () => {
    const md = renderMarkdown(diff('renamed-field'));
    expect(md).toContain('Suggested SDK version bump: **major** (1 breaking, 1 additions, 0 other)');
    expect(md).toContain(
      '### Breaking (1)\n\n- `GET /orgs/{org_id}/contacts` (getContacts): response field `[].name` removed (renamed to `full_name`?)',
    );
    expect(md).toContain('### Additions (1)');
  });

  it('runs as a command: exit 0 without breaking changes, 1 with, 2 on bad input; --format json', async () => {
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/spec-diff.ts', ...args], { cwd: root });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c));
        child.stderr.on('data', (c: Buffer) => (stderr += c));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const [added, removed, missing, oneArg, badFormat] = await Promise.all([
      run(path('base'), path('added-operation')),
      run(path('base'), path('removed-operation'), '--format', 'json'),
      run(path('base'), 'no/such/file.json'),
      run(path('base')),
      run(path('base'), path('base'), '--format', 'yaml'),
    ]);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('## Invent API contract changes');
    expect(removed.status).toBe(1);
    expect(JSON.parse(removed.stdout)).toMatchObject({
      bump: 'major',
      breaking: 1,
      changes: [{ kind: 'operation-removed', operationId: 'deleteAssistant' }],
    });
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining('cannot read no/such/file.json: no such file')]);
    expect(oneArg.status).toBe(2);
    expect(badFormat.status).toBe(2);
  });
});
