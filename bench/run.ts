/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (so they do not
 * compete for the two cores), and passes through the JSON lines they print:
 *   {"bench":"request-overhead-ratio","value":1.04,"unit":"ratio","goal":"<= 1.10", ...context}
 * Exit code 1 if a benchmark crashes; a missed goal is reported, not failed, since machines are noisy.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}/${file}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    failed++;
    console.error(`bench ${file} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
