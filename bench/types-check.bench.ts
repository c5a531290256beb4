/**
 * Type-check cost: what a TypeScript user pays when a file imports the SDK. The same small consumer
 * (create a client, one `get`, one `for await` over a list) is type-checked with
 * `tsc --extendedDiagnostics` against invent-sdk as users install it (the declarations the build writes
 * to dist/, resolved through the package's `exports`) and against openai-node (a devDependency), in
 * one run. Prints the ratios invent-sdk / openai-node with both raw figures beside them.
 *
 * Declarations are checked (no `skipLibCheck`), so the figures include the cost of the SDK's own
 * declaration files, paid by every project that imports it.
 *
 * Goals: instantiations <= 1.0x and check time <= 1.0x openai-node's. Instantiations and types are
 * the same on every run; check time is the median of RUNS runs of each, the two SDKs alternating so
 * that a busy moment of the shared machine falls on both alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printFigure } from './support/figure.js';
import { median } from './support/measure.js';

const RUNS = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

/** The consumer, written once per SDK: the same three things a new user does first. */
const consumers = {
  'invent-sdk': `import { createInvent } from 'invent-sdk';
const invent = createInvent({ apiKey: 'k' });
const contact = await invent.contacts.get('ctc_1');
console.log(contact.id);
for await (const item of invent.contacts.list()) console.log(item.id);
`,
  openai: `import OpenAI from 'openai';
const client = new OpenAI({ apiKey: 'k' });
const model = await client.models.retrieve('m');
console.log(model.id);
for await (const item of client.files.list()) console.log(item.id);
`,
} as const;
type Sdk = keyof typeof consumers;

interface Cost {
  types: number;
  instantiations: number;
  checkSeconds: number;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** A project that installs both packages by link, as `npm install file:...` would. */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'invent-types-bench-'));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'invent-sdk'), 'dir');
  symlinkSync(join(root, 'node_modules', 'openai'), join(dir, 'node_modules', 'openai'), 'dir');
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const sdk of Object.keys(consumers) as Sdk[]) {
    writeFileSync(join(dir, `${sdk}.ts`), consumers[sdk]);
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      exactOptionalPropertyTypes: true,
      // The declarations are checked too, as under a tsconfig without skipLibCheck: that is where an
      // SDK's types cost (and where a broken declaration would show).
      skipLibCheck: false,
      noEmit: true,
      types: ['node'],
    };
    writeFileSync(join(dir, `tsconfig.${sdk}.json`), JSON.stringify({ compilerOptions, files: [`${sdk}.ts`] }));
  }
  return dir;
}

function measure(dir: string, sdk: Sdk): Cost {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = run(process.execPath, [tsc, '-p', `tsconfig.${sdk}.json`, '--extendedDiagnostics'], dir);
  const figure = (label: string) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out);
    if (!match) throw new Error(`tsc printed no "${label}":\n${out}`);
    return Number(match[1]);
  };
  return { types: figure('Types'), instantiations: figure('Instantiations'), checkSeconds: figure('Check time') };
}

run('npx', ['tsup', '--silent'], root);
const dir = consumerProject();
try {
  const runs: Record<Sdk, Cost[]> = { 'invent-sdk': [], openai: [] };
  const order = Object.keys(consumers) as Sdk[];
  // Alternating, and each round in the other order, so neither SDK always runs on a warmer cache.
  for (let i = 0; i < RUNS; i++) for (const sdk of i % 2 ? [...order].reverse() : order) runs[sdk].push(measure(dir, sdk));
  const summary = (sdk: Sdk): Cost => ({ ...runs[sdk][0]!, checkSeconds: median(runs[sdk].map((r) => r.checkSeconds)) });
  const invent = summary('invent-sdk');
  const openai = summary('openai');
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  printFigure('types-instantiations-ratio', ratio(invent.instantiations, openai.instantiations), 'ratio', ['<=', 1.0], {
    invent: { instantiations: invent.instantiations, types: invent.types },
    openai: { instantiations: openai.instantiations, types: openai.types },
  });
  printFigure('types-check-time-ratio', ratio(invent.checkSeconds, openai.checkSeconds), 'ratio', ['<=', 1.0], {
    invent: { checkSeconds: invent.checkSeconds, runs: runs['invent-sdk'].map((r) => r.checkSeconds) },
    openai: { checkSeconds: openai.checkSeconds, runs: runs.openai.map((r) => r.checkSeconds) },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
