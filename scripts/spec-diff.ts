/**
 * npm run spec:diff -- OLD NEW [--format text|markdown|json]
 *
 * What changed between two contracts (files or http(s) URLs; JSON or YAML; OpenAPI 3.0.x or 3.1.x)
 * for SDK users, each change with a rule id and a severity (breaking, warning, info), ordered by
 * severity, and the SDK version bump to make.
 * Exit codes: 0 nothing breaking, 1 breaking changes, 2 usage error or a contract that cannot be read.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diffSpecs } from './lib/spec-diff.js';
import { renderJson, renderMarkdown, renderText } from './lib/spec-diff-render.js';
import { loadContract, SpecError } from './lib/spec-source.js';

const usage = `Usage: npm run spec:diff -- OLD NEW [--format text|markdown|json]
  OLD, NEW   contracts to compare: files or http(s) URLs, JSON or YAML, OpenAPI 3.0.x or 3.1.x
  --format   text (default), markdown (a pull request body) or json (machine-readable)
Exit codes: 0 nothing breaking, 1 breaking changes, 2 usage or input error.`;

const renderers = { text: renderText, markdown: renderMarkdown, md: renderMarkdown, json: renderJson };

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    console.error(`spec:diff: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const known = Object.hasOwn(renderers, values.format ?? '');
  if (positionals.length !== 2 || !known) {
    const problem = known ? `expected two contracts, got ${positionals.length}` : `unknown --format ${JSON.stringify(values.format)}`;
    console.error(`spec:diff: ${problem}\n${usage}`);
    return 2;
  }
  const render = renderers[values.format as keyof typeof renderers];
  const [oldSource, newSource] = positionals as [string, string];
  try {
    const [before, after] = await Promise.all([loadContract(oldSource), loadContract(newSource)]);
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const diff = diffSpecs(before.spec, after.spec, { sdkVersion: version });
    process.stdout.write(render(diff));
    return diff.counts.breaking > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(`spec:diff: ${error.message}`);
    return 2;
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
