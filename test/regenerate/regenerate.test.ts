/**
 * `npm run regenerate` against contracts shaped as server frameworks publish them (see
 * build-framework-specs.ts): for each, a copy of the repo regenerates from a local server serving the
 * fixture, and the result must be reviewable and right: exit 0; the diff names exactly the fixture's
 * real changes, classified right; every existing resource method keeps its name, pagination, rate
 * limits and idempotency; new operations are named by the rule and listed for review; the type check,
 * the tests and the demo pass on the regenerated SDK.
 *
 * Which tests run after regenerating, inside the regenerated copy (a choice of time, measured in
 * docs/keeping-up.md):
 * - NestJS (OpenAPI 3.0 YAML): the suites that read the contract, the code generated from it or the mock
 *   serving it (SUITE_FOLDERS). Not run there: test/package/ (packs and installs the built tarball,
 *   minutes), test/spec-tools/ (the spec tools on their own fixtures; regenerate itself lints the pulled
 *   contract), test/faults/ and test/inbox/ (the client against local servers of their own), and the
 *   `timed` project (throughput against enforcing servers, Redis, this file).
 * - FastAPI (OpenAPI 3.1 JSON): the contract suite's one request per operation; what differs from NestJS
 *   is the input format, which spec:pull's and spec:diff's own tests cover.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFrameworkFixtures, type FrameworkFixture } from './build-framework-specs.js';
import { COSMETIC_RULES, reportedChanges } from './support/diff-report.js';
import { serveContract } from './support/fixture-server.js';
import { copyRepo, type RepoCopy, repoRoot } from './support/repo-copy.js';

/**
 * The suites that read the contract, the code generated from it or the mock serving it (see the header):
 * the contract suite, the mock and its scenarios, the stateful mock, the transactional helpers against
 * the mock, the config, codegen and resource-layer tests, and the examples' tests.
 */
const SUITE_FOLDERS = ['test/contract/', 'test/testing/', 'test/broadcasts/', 'test/unit/', 'examples/'];
// The tests regenerate runs after its checks (pulled-contract lint, type check); see the header. The whole
// `npm test` would recurse into this suite; the demo runs separately below.
const SUITE_TESTS = `npm run --silent test:run -- --project suites ${SUITE_FOLDERS.join(' ')}`;
const FAST_TESTS = 'npm run --silent test:run -- --project suites test/contract/operations.test.ts';
const TESTS_AFTER: Record<string, string> = { 'nestjs-3.0': SUITE_TESTS, 'fastapi-3.1': FAST_TESTS };

interface Run {
  code: number;
  output: string;
}

/** Runs a command in `cwd` without blocking this process (the fixture server lives here). */
function run(command: string, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

interface GeneratedOperation {
  sdkMethod: string | null;
  pagination: { style: string; maxTake: number } | null;
  rateLimits: string[];
  idempotent: boolean;
  auth: boolean;
}

async function generatedData(cwd: string): Promise<Record<string, GeneratedOperation>> {
  const { code, output } = await run('npx tsx test/regenerate/support/dump-generated.ts', cwd);
  if (code !== 0) throw new Error(`dump-generated failed: ${output}`);
  return (JSON.parse(output) as { operations: Record<string, GeneratedOperation> }).operations;
}

const base = JSON.parse(await readFile(join(repoRoot, 'openapi.json'), 'utf8'));
const fixtures = buildFrameworkFixtures(base);

describe.each(fixtures)('$name', (fixture: FrameworkFixture) => {
  const tests = TESTS_AFTER[fixture.name];
  if (!tests) throw new Error(`no test command chosen for the fixture ${fixture.name}`);
  let copy: RepoCopy;
  let regenerate: Run;
  let demo: Run;
  let fetched = 0;
  let summary: Record<string, any>;
  let diff: unknown;
  let before: Record<string, GeneratedOperation>;
  let after: Record<string, GeneratedOperation>;

  beforeAll(async () => {
    copy = await copyRepo();
    before = await generatedData(copy.dir);
    const server = await serveContract(fixture.file, fixture.mediaType, fixture.text);
    try {
      regenerate = await run(`npm run --silent regenerate -- --from ${server.url} --report-dir .regenerate --test "${tests}"`, copy.dir);
      fetched = server.requests;
    } finally {
      await server.close();
    }
    if (regenerate.code !== 0) return;
    summary = JSON.parse(await readFile(join(copy.dir, '.regenerate/summary.json'), 'utf8'));
    diff = JSON.parse(await readFile(join(copy.dir, '.regenerate/diff.json'), 'utf8'));
    after = await generatedData(copy.dir);
    demo = await run('npm run --silent demo', copy.dir);
  }, 1_800_000);

  afterAll(() => copy?.remove());

  it('regenerates from the served contract and writes a report (exit 0)', () => {
    expect(regenerate.code, regenerate.output.slice(-3000)).toBe(0);
    expect(fetched).toBeGreaterThan(0);
    expect(summary.changed).toBe(true);
    expect(summary.generate.passed).toBe(true);
  });

  it('the diff lists exactly the real changes, classified right', () => {
    const all = reportedChanges(diff);
    // Framework operationIds differ from the previous contract's on every operation: information only.
    expect(all.filter((c) => COSMETIC_RULES.has(c.rule) && c.severity !== 'info')).toEqual([]);
    const reported = all.filter((c) => !COSMETIC_RULES.has(c.rule));
    const expectedOperations = new Set(fixture.expected.changes.map((c) => c.operation));
    expect(reported.filter((c) => !expectedOperations.has(c.operation)).map((c) => c.text)).toEqual([]);
    for (const change of fixture.expected.changes) {
      const entries = reported.filter((c) => c.operation === change.operation);
      expect(
        entries.map((c) => c.rule),
        `${change.operation}: ${change.change}`,
      ).toContain(change.rule);
      expect(
        entries.some((c) => c.breaking),
        `${change.operation}: ${change.change} breaking?`,
      ).toBe(change.breaking);
      for (const name of change.mentions)
        expect(entries.map((c) => c.text).join('\n'), `${change.operation} names ${name}`).toContain(name);
    }
    expect(summary.breaking).toBe(fixture.expected.changes.some((c) => c.breaking));
  });

  it('keeps every existing resource method as it was: name, pagination, rate limits, idempotency', () => {
    const kept = Object.keys(before).filter((key) => key in after);
    const removed = fixture.expected.changes.filter((c) => c.change === 'operation-removed').map((c) => c.operation);
    expect(Object.keys(before).filter((key) => !(key in after))).toEqual(removed);
    const shape = (op: GeneratedOperation) => ({
      sdkMethod: op.sdkMethod,
      pagination: op.pagination,
      rateLimits: op.rateLimits,
      idempotent: op.idempotent,
    });
    expect(Object.fromEntries(kept.map((key) => [key, shape(after[key]!)]))).toEqual(
      Object.fromEntries(kept.map((key) => [key, shape(before[key]!)])),
    );
  });

  it('names new operations by the rule, with the default guesses, and lists them for review', () => {
    for (const expected of fixture.expected.newOperations) {
      expect(after[expected.operation], expected.operation).toMatchObject({
        sdkMethod: expected.method,
        idempotent: expected.idempotent,
        rateLimits: ['general'],
      });
      expect(after[expected.operation]!.pagination !== null, `${expected.operation} paginated`).toBe(expected.paginated);
    }
    const listed = (summary.needsReview as Array<{ operation: string }>).map((item) => item.operation);
    expect(listed).toEqual(expect.arrayContaining(fixture.expected.newOperations.map((op) => op.operation)));
    expect(summary.draft).toBe(true);
  });

  it('stops sending a key to an operation the contract made public', () => {
    const made = fixture.expected.changes.find((c) => c.change === 'security-removed')!;
    expect(before[made.operation]!.auth).toBe(true);
    expect(after[made.operation]!.auth).toBe(false);
  });

  it('the pulled-contract lint, the type check, the tests and the demo pass on the regenerated SDK', () => {
    expect(summary.tests.steps.map((s: { command: string }) => s.command)).toEqual([
      'npm run --silent lint:spec -- --pulled openapi.json',
      'npm run --silent typecheck',
      tests,
    ]);
    expect(summary.tests.passed, `${JSON.stringify(summary.tests)}\n${regenerate.output.slice(-6000)}`).toBe(true);
    // The tests' own closing line (test/support/summary-reporter.ts): nothing failed or skipped, and more
    // ran than the contract suite's one test per operation when the suites were chosen.
    const counts = /tests: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(regenerate.output);
    expect(counts, 'the test run printed its counts').not.toBeNull();
    const [passed, failed, skipped] = counts!.slice(1).map(Number) as [number, number, number];
    expect([failed, skipped]).toEqual([0, 0]);
    const operations = Object.keys(after).length;
    if (tests === SUITE_TESTS) {
      expect(passed).toBeGreaterThan(2 * operations);
      for (const file of ['test/testing/stateful.test.ts', 'test/broadcasts/contract.test.ts', 'test/unit/sdk-config.test.ts'])
        expect(regenerate.output, file).toContain(file);
    } else expect(passed).toBeGreaterThanOrEqual(operations);
    expect(demo.code, demo.output.slice(-3000)).toBe(0);
  });
});

describe('a contract that cannot be used', () => {
  it('exits 2 naming the problem, and leaves openapi.json as it was', async () => {
    const copy = await copyRepo();
    try {
      const before = await readFile(join(copy.dir, 'openapi.json'), 'utf8');
      const server = await serveContract(
        'openapi.json',
        'application/json',
        JSON.stringify({
          openapi: '3.1.0',
          info: { title: 'x', version: '1' },
          paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Nowhere' } } } } },
        }),
      );
      const result = await run(`npm run --silent regenerate -- --from ${server.url} --report-dir .regenerate --quiet`, copy.dir).finally(
        () => server.close(),
      );
      expect(result.code, result.output).toBe(2);
      expect(result.output).toMatch(/regenerate: cannot use the contract from http:\/\/127\.0\.0\.1:\d+\/openapi\.json: .*Nowhere/s);
      expect(await readFile(join(copy.dir, 'openapi.json'), 'utf8')).toBe(before);
    } finally {
      await copy.remove();
    }
  }, 120_000);
});
