/**
 * npm run spec:pull [-- --from URL|FILE] [--out openapi.json] [--json]
 *
 * Fetches Invent's contract (default https://api.useinvent.com/openapi.json), JSON or YAML, OpenAPI
 * 3.0.x or 3.1.x; checks it (every $ref resolves, one operation per METHOD + path), upgrades it to
 * OpenAPI 3.1, normalizes it (stable key order, 2-space JSON, trailing newline) and writes it.
 * Nothing is written unless every check passed.
 * Exit codes: 0 written or unchanged, 2 usage error or a contract that cannot be fetched or used.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describePull, pullSpec } from './lib/spec-pull.js';
import { isUrl, LIVE_CONTRACT_URL, SpecError } from './lib/spec-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run spec:pull [-- --from URL|FILE] [--out FILE] [--json]
  --from   where to read the contract, JSON or YAML, OpenAPI 3.0.x or 3.1.x (default ${LIVE_CONTRACT_URL})
  --out    where to write it as normalized OpenAPI 3.1 JSON (default openapi.json at the repository root)
  --json   print the report as JSON
Exit codes: 0 written or unchanged, 2 usage error or a contract that cannot be fetched or used.`;

try {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
  } else {
    const report = await pullSpec({
      from: values.from && !isUrl(values.from) && !values.from.startsWith('file:') ? resolve(values.from) : values.from,
      out: values.out ? resolve(values.out) : `${root}openapi.json`,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : describePull(report).join('\n'));
  }
} catch (error) {
  process.exitCode = 2;
  if (error instanceof SpecError) console.error(`spec:pull: ${error.message}`);
  else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
    console.error(`spec:pull: ${(error as Error).message}\n${usage}`);
  else console.error(error);
}
