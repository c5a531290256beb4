/**
 * npm run lint:spec [-- [--pulled] [FILE]]
 *
 * Redocly lint of a contract at one of two levels: our authoring rules (redocly.yaml, strict, the
 * default, for the repository's own openapi.json) or `--pulled` (redocly.pulled.yaml: only what makes
 * a contract unusable, for a contract as Invent or a server framework publishes it).
 * Runs the Redocly CLI with telemetry off and without its update notice and Node-support banner.
 * Exit codes: Redocly's (0 no errors, 1 errors); 2 usage error.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run lint:spec [-- [--pulled] [FILE]]
  FILE       the contract to lint, JSON or YAML (default openapi.json)
  --pulled   only what makes a contract unusable (redocly.pulled.yaml), not our authoring rules (redocly.yaml)`;

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
      options: { pulled: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
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
  const file = positionals[0] ?? 'openapi.json';
  const config = `${root}${values.pulled ? 'redocly.pulled.yaml' : 'redocly.yaml'}`;
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
