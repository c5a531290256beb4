/**
 * Paginator speed: walking 10,000 items, take=100 (100 pages), from a local node:http server that
 * takes 20 ms to answer each page.
 *
 * Side by side in one run, rounds alternating (order flipping each round), ratio of medians:
 * - sequential: the naive loop, `invent.GET(...)` page after page until a short page;
 * - paginator: `for await (const item of invent.contacts.list())` (prefetches one page);
 * - concurrent: the same with `{ concurrency: 4 }`;
 * - with a consumer that works 10 ms per page (async, e.g. writing the rows somewhere):
 *   sequential fetch-then-work against the paginator, whose prefetch overlaps the two.
 *
 * Goals: paginator / sequential <= 1.05; sequential / concurrent >= 3;
 *        paginator-with-work / sequential-fetch-and-work <= 0.99 (less waiting for the consumer).
 */
import { printFigure } from './support/figure.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInvent } from '../src/index.js';
import { median } from './support/measure.js';

const ITEMS = 10_000;
const TAKE = 100;
const PAGE_DELAY_MS = 20;
const WORK_MS_PER_PAGE = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// The page server runs in a child process, so serving pages does not compete with the client for this thread.
const serverModule = new URL('../test/support/page-server.ts', import.meta.url).href;
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `const { startPageHttpServer } = await import(${JSON.stringify(serverModule)});
     const server = await startPageHttpServer({ total: ${ITEMS}, delayMs: ${PAGE_DELAY_MS} });
     process.stdout.write(server.url + '\\n');
     process.stdin.on('end', () => server.close().then(() => process.exit(0)));
     process.stdin.resume();`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
const invent = createInvent({ apiKey: 'sk_bench', baseUrl: chunk.toString().trim(), rateLimit: false });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sequential(workMs = 0): Promise<number> {
  let count = 0;
  for (let page = 1; ; page++) {
    const { data } = await invent.GET('/orgs/{org_id}/contacts', { params: { query: { page, take: TAKE } } });
    for (const _ of data) count++;
    if (workMs) await sleep(workMs);
    if (data.length < TAKE) break;
  }
  return count;
}

async function paginator(concurrency = 1, workMs = 0): Promise<number> {
  let count = 0;
  for await (const _ of invent.contacts.list({ take: TAKE }, { concurrency })) {
    if (++count % TAKE === 0 && workMs) await sleep(workMs);
  }
  return count;
}

async function time(run: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const count = await run();
  if (count !== ITEMS) throw new Error(`walked ${count} items, expected ${ITEMS}`);
  return performance.now() - start;
}

const runs = {
  sequential: () => sequential(),
  paginator: () => paginator(),
  concurrent: () => paginator(4),
  sequentialWork: () => sequential(WORK_MS_PER_PAGE),
  paginatorWork: () => paginator(1, WORK_MS_PER_PAGE),
};
type Name = keyof typeof runs;
const times: Record<Name, number[]> = { sequential: [], paginator: [], concurrent: [], sequentialWork: [], paginatorWork: [] };

try {
  await paginator(4); // warm-up: connections, JIT
  await sequential();
  const names = Object.keys(runs) as Name[];
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) times[name].push(await time(runs[name]));
  }
  const ms = (name: Name) => Math.round(median(times[name]));
  const context = { items: ITEMS, take: TAKE, pageDelayMs: PAGE_DELAY_MS, rounds: ROUNDS };
  const round2 = (x: number) => Math.round(x * 100) / 100;
  printFigure('paginate-default-ratio', round2(ms('paginator') / ms('sequential')), 'ratio', ['<=', 1.05], {
    sequentialMs: ms('sequential'),
    paginatorMs: ms('paginator'),
    ...context,
  });
  printFigure('paginate-concurrent-speedup', round2(ms('sequential') / ms('concurrent')), 'x', ['>=', 3], {
    sequentialMs: ms('sequential'),
    concurrentMs: ms('concurrent'),
    concurrency: 4,
    ...context,
  });
  // "< 1" as "<= 0.99" at the two decimals the ratio is printed with.
  printFigure('paginate-consumer-overlap-ratio', round2(ms('paginatorWork') / ms('sequentialWork')), 'ratio', ['<=', 0.99], {
    sequentialFetchAndWorkMs: ms('sequentialWork'),
    paginatorMs: ms('paginatorWork'),
    workMsPerPage: WORK_MS_PER_PAGE,
    ...context,
  });
} finally {
  child.stdin.end();
}
