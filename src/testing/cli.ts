/**
 * `invent-mock`: the mock as a command, for services in any language (and `npm run mock`).
 *
 *   invent-mock [--port 4010] [--host 127.0.0.1] [--spec openapi.json] [--scenario file.json]...
 *   invent-mock --proxy https://api.useinvent.com [--port 4010]
 *   invent-mock --stateful [--seed state.json] [--manual-clock]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startMockServer, type MockServer, type RecordedRequest } from './mock-server.js';
import { packageFile } from './package-files.js';
import { ScenarioError, validateScenarios, type Scenario } from './scenarios.js';
import { checkedState, type StatefulState } from './stateful/store.js';
import type { ContractViolation } from './violations.js';

export const USAGE = `Usage: invent-mock [options]

Serves the Invent API contract (openapi.json) with Stoplight Prism: example answers, request
validation, the bearer check. Send \`Authorization: Bearer <any key>\`.

Options:
  --port N           port to listen on (default $PORT or 4010; 0 picks a free one)
  --host H           interface to listen on (default 127.0.0.1)
  --spec FILE        the contract to serve (default the SDK's openapi.json)
  --scenario FILE    scripted answers (JSON: a scenario, an array, or { "scenarios": [...] }); repeatable
  --proxy URL        validating proxy: forward every call to URL and report contract violations in
                     both directions (stderr, one JSON line each, and the x-invent-contract-violations
                     header) without blocking any call
  --stateful         a fake Invent that keeps state: created records can be read back, changed,
                     listed and deleted; the documented rules and rate limits hold
  --seed FILE        with --stateful: the records to start from (JSON: { "/orgs/c/contacts": [...] })
  --manual-clock     with --stateful: time stands still until POST /__invent/clock moves it
  --no-validate      do not validate requests
  --no-auth          do not check the bearer token
  -h, --help         this help

While it runs: GET /__invent/requests (the calls received), POST /__invent/scenarios (add
scenarios), POST /__invent/reset; with --stateful also GET /__invent/state, POST
/__invent/snapshot, POST /__invent/restore (a state) and POST /__invent/clock ({ "advanceMs": N }). Violations of the contract are printed to stderr as JSON lines.
It also stops when the process that started it exits (npx does not pass SIGTERM on).
Exit codes: 0 stopped by SIGINT/SIGTERM or its parent exiting, 1 could not start (port taken, contract unreadable),
2 bad usage or a scenario file that cannot be read.`;

export interface CliIO {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const defaultIO: CliIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** One JSON line per violation: what was called, which side broke the contract, where and how. */
export function violationLines(violations: readonly ContractViolation[], request: RecordedRequest): string[] {
  return violations.map((v) =>
    JSON.stringify({
      type: 'contract-violation',
      direction: v.location[0] === 'response' ? 'response' : 'request',
      method: request.method,
      path: request.path,
      operation: request.operation ?? null,
      operationId: request.operationId ?? null,
      status: request.status ?? null,
      location: v.location,
      severity: v.severity,
      code: v.code ?? null,
      message: v.message,
    }),
  );
}

class UsageError extends Error {}

async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${file} is not JSON: ${(error as Error).message}`);
  }
}

async function readSeedFile(file: string): Promise<StatefulState> {
  const data = await readJsonFile(file, 'seed file');
  try {
    return checkedState(data, `seed file ${file}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function readScenarioFile(file: string): Promise<Scenario[]> {
  return validateScenarios(await readJsonFile(file, 'scenario file'), undefined, file);
}

/**
 * Starts the mock from command-line arguments. Resolves with the running server, or with `undefined`
 * after printing help; throws a UsageError-like Error (exit code 2) on bad arguments.
 */
export async function startFromArgs(argv: string[], io: CliIO = defaultIO): Promise<MockServer | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: process.env.PORT ?? '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        spec: { type: 'string' },
        scenario: { type: 'string', multiple: true, default: [] },
        proxy: { type: 'string' },
        stateful: { type: 'boolean', default: false },
        seed: { type: 'string' },
        'manual-clock': { type: 'boolean', default: false },
        'no-validate': { type: 'boolean', default: false },
        'no-auth': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    io.stdout(USAGE);
    return undefined;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
  if (values.proxy) {
    let upstream: URL;
    try {
      upstream = new URL(values.proxy);
    } catch {
      throw new UsageError(`--proxy must be a URL, got ${values.proxy}`);
    }
    if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
      throw new UsageError(`--proxy must be an http(s) URL, got ${values.proxy}`);
  }
  if ((values.seed || values['manual-clock']) && !values.stateful) throw new UsageError('--seed and --manual-clock need --stateful');
  if (values.stateful && values.proxy)
    throw new UsageError('--stateful and --proxy cannot be combined: the stateful mock answers calls itself');
  const seed = values.seed ? await readSeedFile(resolve(values.seed)) : undefined;
  const scenarioList: Scenario[] = [];
  for (const file of values.scenario ?? []) scenarioList.push(...(await readScenarioFile(resolve(file))));
  const spec = values.spec ? resolve(values.spec) : packageFile('openapi.json');

  const server = await startMockServer({
    spec,
    port,
    host: values.host,
    proxy: values.proxy,
    validateRequest: !values['no-validate'],
    checkSecurity: !values['no-auth'],
    scenarios: scenarioList,
    stateful: values.stateful ? { seed, clock: values['manual-clock'] ? 'manual' : 'real' } : undefined,
    onViolation: (violations, request) => {
      for (const line of violationLines(violations, request)) io.stderr(line);
    },
  });
  const what = values.proxy ? `validating proxy to ${values.proxy}` : `${values.stateful ? 'stateful ' : ''}mock of ${spec}`;
  io.stdout(`Invent mock listening on ${server.url} (${what}${scenarioList.length ? `, ${scenarioList.length} scenario(s)` : ''})`);
  if (!values.proxy) io.stdout('Send `Authorization: Bearer <any key>`. Ctrl-C stops it.');
  return server;
}

/** The command: starts the mock, stops it on SIGINT/SIGTERM. */
export async function main(argv: string[] = process.argv.slice(2), io: CliIO = defaultIO): Promise<void> {
  let server: MockServer | undefined;
  try {
    server = await startFromArgs(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      io.stderr(`invent-mock: ${error.message}`);
      io.stderr('Run `invent-mock --help` for usage.');
      process.exitCode = 2;
      return;
    }
    // The port is taken, the contract cannot be parsed, ...
    io.stderr(`invent-mock: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  if (!server) return;
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    clearInterval(orphanWatch);
    io.stdout(`invent-mock: ${why}, stopping`);
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        io.stderr(`invent-mock: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `npx invent-mock &` then `kill $!` ends npx, which does not pass the signal on, and a test runner
  // that is killed cannot stop its children: either way the mock would live on, holding its port. So
  // it also stops when its parent goes away (it is then adopted by another process: the ppid changes).
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent) stop('parent process exited');
  }, ORPHAN_CHECK_MS);
  orphanWatch.unref();
}

/** How often the command checks that its parent process is still there. */
const ORPHAN_CHECK_MS = 250;
