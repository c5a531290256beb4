/**
 * npm run spec:pull [-- --from URL|FILE] [--out openapi.json] [--base FILE] [--json]
 *
 * Fetches Invent's contract (default https://api.useinvent.com/openapi.json), checks it is OpenAPI 3.1
 * JSON, carries the SDK's x-invent-* extensions over from the current openapi.json (or --base),
 * normalizes it (stable key order, 2-space JSON, trailing newline) and writes it.
 * Exit codes: 0 written or unchanged, 2 usage error or a contract that cannot be fetched or used.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describePull, pullSpec } from './lib/spec-pull.js';
import { LIVE_CONTRACT_URL, SpecError } from './lib/spec-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run spec:pull [-- --from URL|FILE] [--out FILE] [--base FILE] [--json]
  --from   where to read the contract (default ${LIVE_CONTRACT_URL})
  --out    where to write it (default openapi.json at the repository root)
  --base   contract to carry x-invent-* extensions over from (default: the current --out file)
  --json   print the report as JSON`;

try {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string' },
      base: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
  } else {
    const isUrl = (s: string) => /^(https?|file):/i.test(s);
    const report = await pullSpec({
      from: values.from && !isUrl(values.from) ? resolve(values.from) : values.from,
      out: values.out ? resolve(values.out) : `${root}openapi.json`,
      base: values.base && !isUrl(values.base) ? resolve(values.base) : values.base,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : describePull(report).join('\n'));
  }
} catch (error) {
  if (error instanceof SpecError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`spec:pull: ${(error as Error).message}`);
    if (!(error instanceof SpecError)) console.error(usage);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 2;
  }
}
