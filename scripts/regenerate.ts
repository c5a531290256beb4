/**
 * npm run regenerate [-- --from URL|FILE] [--report-dir DIR] [--test "COMMAND"]...
 *
 * The whole update from Invent's contract, as the scheduled workflow runs it: pull (fetch, check,
 * normalize into openapi.json), diff against the previous openapi.json, generate, lint the pulled
 * contract, type-check and test,
 * then write what a reviewer needs to DIR (default .regenerate/): report.md (the pull-request
 * description), summary.json ({ changed, breaking, draft, draftReasons, needsReview, tests, ... }),
 * diff.json and diff.md, openapi.before.json.
 *
 * Exit codes: 0 a report was written (even when checks fail or guesses need review: then `draft` is
 * true); 2 nothing to review: a usage error, or a contract that cannot be fetched or used (openapi.json
 * is left as it was).
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ContractInfo, type RegenerateResults, renderReport, summarize } from './lib/regenerate-report.js';
import { contractSource, displaySource } from './lib/regenerate-source.js';
import { diffContracts, generateSdk, pullContract, runChecks, type StepContext } from './lib/regenerate-steps.js';
import { LIVE_CONTRACT_URL } from './lib/spec-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const contractPath = join(root, 'openapi.json');
// The checks every run makes: the pulled contract is usable (not our authoring rules: a published
// contract may lack summaries or 4xx responses), and the regenerated SDK type-checks.
const CHECKS = ['npm run --silent lint:spec -- --pulled openapi.json', 'npm run --silent typecheck'];
// The build and the whole test suite (the package tests read dist/), without `npm test`'s other turbo
// prerequisites: its lint:spec holds openapi.json to our authoring rules, which Invent's contract need not follow.
const DEFAULT_TEST = 'npm run --silent build && npm run --silent test:run';

const usage = `Usage: npm run regenerate [-- --from URL|FILE] [--report-dir DIR] [--test "COMMAND"]...
  --from        where to read Invent's contract (default ${LIVE_CONTRACT_URL}); JSON or YAML, OpenAPI 3.0 or 3.1
  --report-dir  where to write report.md, summary.json, diff.json, diff.md (default .regenerate)
  --test        the test command run after the checks (${CHECKS.join(', ')}); default "${DEFAULT_TEST}"; repeat for several
  --quiet       do not echo the steps' output
Exit codes: 0 a report was written (see "draft" in summary.json), 2 usage error or unusable contract.`;

class UsageError extends Error {}

function contractInfo(text: string): ContractInfo {
  const spec = JSON.parse(text) as { openapi?: string; info?: { title?: string; version?: string } };
  return { title: spec.info?.title ?? '?', version: spec.info?.version ?? '?', openapi: spec.openapi ?? '?' };
}

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        from: { type: 'string', default: LIVE_CONTRACT_URL },
        'report-dir': { type: 'string', default: '.regenerate' },
        test: { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.test?.some((t) => !t.trim())) throw new UsageError('--test needs a command');
    return values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<number> {
  const args = parse();
  if (args.help) {
    console.log(usage);
    return 0;
  }
  let from: string;
  try {
    from = contractSource(args.from);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const reportDir = resolve(args['report-dir']);
  const ctx: StepContext = { root, echo: !args.quiet };
  const log = (line: string) => console.error(`regenerate: ${line}`);

  await mkdir(reportDir, { recursive: true });
  const beforePath = join(reportDir, 'openapi.before.json');
  await copyFile(contractPath, beforePath);
  const beforeText = await readFile(beforePath, 'utf8');

  const shown = displaySource(from);
  log(`pulling ${shown}`);
  const pull = await pullContract(ctx, from);
  await writeFile(join(reportDir, 'pull.txt'), `${pull.stdout}${pull.stderr}`);
  if (pull.exitCode !== 0) {
    // spec:pull leaves openapi.json alone when it fails; make sure of it, since nothing else will be reviewed.
    if ((await readFile(contractPath, 'utf8')) !== beforeText) await writeFile(contractPath, beforeText);
    const reason = pull.stderr.trim() || pull.stdout.trim() || `spec:pull exited ${pull.exitCode}`;
    console.error(`regenerate: cannot use the contract from ${shown}: ${reason}`);
    return 2;
  }

  const afterText = await readFile(contractPath, 'utf8');
  const results: RegenerateResults = {
    from: shown,
    changed: afterText !== beforeText,
    contract: { before: contractInfo(beforeText), after: contractInfo(afterText) },
    checks: [],
  };
  if (results.changed) {
    log('comparing the contracts');
    results.diff = await diffContracts(ctx, beforePath, contractPath);
    await writeFile(
      join(reportDir, 'diff.json'),
      results.diff.json === undefined ? 'null\n' : `${JSON.stringify(results.diff.json, null, 2)}\n`,
    );
    await writeFile(join(reportDir, 'diff.md'), results.diff.markdown);
    log('generating');
    results.generate = await generateSdk(ctx);
    // Checks on a stale generated/ would test the previous SDK: skip them when generation failed.
    if (results.generate.exitCode === 0) {
      log('checking');
      results.checks = await runChecks(ctx, [...CHECKS, ...(args.test ?? [DEFAULT_TEST])]);
    }
  }

  const summary = summarize(results);
  await writeFile(join(reportDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(reportDir, 'report.md'), renderReport(results, summary));
  log(
    results.changed
      ? `report in ${reportDir}: ${summary.breaking ? 'breaking changes' : 'no breaking changes'}, ${summary.needsReview.length} guess(es) to review, checks ${summary.tests.passed ? 'passed' : 'failed'}${summary.draft ? ' (draft)' : ''}`
      : `openapi.json is up to date; report in ${reportDir}`,
  );
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `regenerate: ${error.message}\n${usage}` : error);
  return 2;
});
