/**
 * npm run spec:diff -- OLD NEW [--format markdown|json]
 *
 * What changed between two contracts (files or http(s) URLs) for SDK users, each change classified as
 * breaking or not, with the semver bump to make.
 * Exit codes: 0 nothing breaking (there may be additions), 1 breaking changes, 2 usage error or a
 * contract that cannot be read.
 */
import { parseArgs } from 'node:util';
import { diffSpecs, renderJson, renderMarkdown } from './lib/spec-diff.js';
import { parseContract, readSource, SpecError } from './lib/spec-source.js';

const usage = `Usage: npm run spec:diff -- OLD NEW [--format markdown|json]
  OLD, NEW   contracts to compare (files or http(s) URLs)
  --format   markdown (default) or json
Exit codes: 0 nothing breaking, 1 breaking changes, 2 usage or input error.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { format: { type: 'string', default: 'markdown' }, help: { type: 'boolean', short: 'h', default: false } },
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
  if (positionals.length !== 2 || !['markdown', 'md', 'json'].includes(values.format!)) {
    console.error(usage);
    return 2;
  }
  const [oldSource, newSource] = positionals as [string, string];
  try {
    const [oldText, newText] = await Promise.all([readSource(oldSource), readSource(newSource)]);
    const diff = diffSpecs(
      parseContract(oldText, oldSource, { allow30: true }).spec,
      parseContract(newText, newSource, { allow30: true }).spec,
    );
    process.stdout.write(values.format === 'json' ? renderJson(diff) : renderMarkdown(diff));
    return diff.breaking > 0 ? 1 : 0;
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
