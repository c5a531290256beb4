/**
 * npm run lint:spec [-- [--pulled] [FILE]]
 *
 * Redocly lint of a contract at one of two levels: our authoring rules (redocly.yaml, strict, for the
 * contract this repository writes from the docs) or `--pulled` (redocly.pulled.yaml: only what makes
 * a contract unusable, for a contract as Invent or a server framework publishes it). Without a flag
 * the contract decides: ours carries `info.x-invent-authored: true`, a pulled one never does, so
 * `npm test` keeps passing on a branch where the live contract has replaced ours.
 * Runs the Redocly CLI with telemetry off and without its update notice and Node-support banner.
 * Exit codes: Redocly's (0 no errors, 1 errors); 2 usage error.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run lint:spec [-- [--pulled|--authoring] [FILE]]
  FILE         the contract to lint, JSON or YAML (default openapi.json)
  --pulled     only what makes a contract unusable (redocly.pulled.yaml)
  --authoring  our authoring rules (redocly.yaml)
  (neither)    authoring rules when the contract has info.x-invent-authored: true, else pulled`;

/** Whether the contract is the one this repository authors (a YAML or unreadable file is treated as pulled). */
function isAuthored(file: string): boolean {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))?.info?.['x-invent-authored'] === true;
  } catch {
    return false;
  }
}

/** A filter for the CLI's stderr that drops the boxed banner (╔ ... ╚) it prints under Node 20, line by line. */
function bannerFilter(): (line: string) => boolean {
  let inBox = false;
  return (line) => {
    if (line.includes('╔')) inBox = true;
    const keep = !inBox;
    if (line.includes('╚')) inBox = false;
    return keep;
  };
}

function main(): Promise<number> | number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        pulled: { type: 'boolean', default: false },
        authoring: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`lint:spec: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`lint:spec: one contract at a time\n${usage}`);
    return 2;
  }
  if (values.pulled && values.authoring) {
    console.error(`lint:spec: --pulled or --authoring, not both\n${usage}`);
    return 2;
  }
  const file = positionals[0] ?? 'openapi.json';
  const pulled = values.pulled || (!values.authoring && !isAuthored(file));
  console.log(`lint:spec: ${pulled ? 'pulled-contract level (redocly.pulled.yaml)' : 'authoring rules (redocly.yaml)'} on ${file}`);
  const config = `${root}${pulled ? 'redocly.pulled.yaml' : 'redocly.yaml'}`;
  const cli = `${root}node_modules/@redocly/cli/bin/cli.js`;
  const child = spawn(process.execPath, [cli, 'lint', file, '--config', config], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const keep = bannerFilter();
  let pending = '';
  const forward = (text: string) => {
    const lines = text.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (keep(line)) process.stderr.write(`${line}\n`);
  };
  child.stderr.on('data', (chunk: Buffer) => forward(pending + chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => {
      if (pending && keep(pending)) process.stderr.write(pending);
      resolve(status ?? 2);
    }),
  );
}

process.exitCode = await main();
