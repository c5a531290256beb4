/** The regenerate report: when it is a draft and why, and a pull-request body that stays within GitHub's limit. */
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../scripts/lib/regenerate-command.js';
import { PR_BODY_LIMIT, type RegenerateResults, renderReport, summarize } from '../../scripts/lib/regenerate-report.js';

const ok = (command: string): CommandResult => ({ command, exitCode: 0, stdout: '', stderr: '' });
const failed = (command: string, output: string): CommandResult => ({ command, exitCode: 1, stdout: output, stderr: '' });
const contract = { title: 'Invent API', version: '1', openapi: '3.1.0' };

function results(overrides: Partial<RegenerateResults> = {}): RegenerateResults {
  return {
    from: 'https://example.test/openapi.json',
    changed: true,
    contract: { before: contract, after: { ...contract, version: '2' } },
    diff: {
      exitCode: 0,
      breaking: false,
      json: { changes: [] },
      markdown: '## Invent API contract changes\n\nNothing breaking.\n',
      error: '',
    },
    generate: { ...ok('npm run --silent generate'), needsReview: [] },
    checks: [ok('npm run --silent typecheck'), ok('npm test')],
    ...overrides,
  };
}

describe('summarize', () => {
  it('is ready to merge when every check passed and nothing was guessed', () => {
    const summary = summarize(results());
    expect(summary).toMatchObject({ changed: true, breaking: false, draft: false, draftReasons: [], tests: { passed: true } });
  });

  it('is a draft, saying why, when a check failed or the generator guessed', () => {
    const summary = summarize(
      results({
        generate: { ...ok('npm run --silent generate'), needsReview: [{ operation: 'GET /orgs/{org_id}/labels', name: 'labels.list' }] },
        checks: [ok('npm run --silent typecheck'), failed('npm test', 'boom')],
      }),
    );
    expect(summary.draft).toBe(true);
    expect(summary.draftReasons).toEqual(['1 guess(es) of the generator need review', 'failed: `npm test`']);
    expect(summary.tests).toEqual({
      passed: false,
      steps: [
        { command: 'npm run --silent typecheck', passed: true, exitCode: 0 },
        { command: 'npm test', passed: false, exitCode: 1 },
      ],
    });
    expect(summary.needsReview.map((item) => item.operation)).toEqual(['GET /orgs/{org_id}/labels']);
  });

  it('breaking changes alone label the change but do not make a draft', () => {
    const summary = summarize(results({ diff: { ...results().diff!, exitCode: 1, breaking: true } }));
    expect(summary).toMatchObject({ breaking: true, draft: false });
  });

  it('counts tests as failed when generation failed (the checks would test the previous SDK)', () => {
    const summary = summarize(results({ generate: { ...failed('npm run --silent generate', 'Error: x'), needsReview: [] }, checks: [] }));
    expect(summary).toMatchObject({ draft: true, tests: { passed: false, steps: [] } });
    expect(summary.draftReasons[0]).toMatch(/generate failed/);
  });

  it('has nothing to propose when the contract did not change', () => {
    const summary = summarize(results({ changed: false, diff: undefined, generate: undefined, checks: [] }));
    expect(summary).toMatchObject({ changed: false, draft: false, tests: { passed: true } });
  });
});

describe('renderReport', () => {
  it('puts status, guesses, checks (with a failure output tail) and then the changes', () => {
    const r = results({
      generate: { ...ok('npm run --silent generate'), needsReview: [{ operation: 'POST /orgs/{org_id}/labels', name: 'labels.create' }] },
      checks: [ok('npm run --silent typecheck'), failed('npm test', 'FAIL test/x.test.ts > it works')],
    });
    const text = renderReport(r, summarize(r));
    const order = [
      '**Draft**',
      '### Needs review (1)',
      '`POST /orgs/{org_id}/labels`',
      '`labels.create`',
      '### Checks',
      'FAIL test/x.test.ts',
      '### Contract changes',
      'Nothing breaking.',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('stays within the pull-request limit, cutting whole lines of the change list and pointing to the full report', () => {
    const markdown = `## Invent API contract changes\n\n${Array.from({ length: 5000 }, (_, i) => `- change ${i}: ${'x'.repeat(40)}`).join('\n')}\n`;
    const r = results({ diff: { ...results().diff!, markdown } });
    const text = renderReport(r, summarize(r));
    expect(text.length).toBeLessThanOrEqual(PR_BODY_LIMIT);
    expect(text).toContain('### Checks');
    expect(text).toMatch(/- change \d+: x{40}\n\n… the report is longer/);
    expect(text).toContain('`diff.md`');
  });
});
