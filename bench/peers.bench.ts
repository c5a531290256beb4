/**
 * The SDK beside full peers on one local server: openai-node (its low-level `client.get/post`) and
 * Octokit (core + throttling + retry + paginate-rest, `octokit.request`), each with its retries and
 * (where it has one) its rate limiter on, as shipped. The server runs in a child process, so this
 * process's CPU time is the clients' own cost.
 *
 * Measured side by side: each round runs a batch of each client, rotating the order every round; each
 * batch gives the CPU time per call (`process.cpuUsage()`); printed is the ratio of the medians
 * (SDK / peer) for a GET and a POST of a small JSON body. Pagination: a walk over 10,000 items, 100
 * per page, from a second local server, each client with its own way to paginate (the SDK's
 * `contacts.list()`, an openai-node page class over `getAPIList`, Octokit's `paginate.iterator`
 * following `link`), interleaved the same way, CPU time per walk. Import time: a fresh process per
 * import, interleaved, CPU time of the `import()` (the SDK from its build in dist/ when there is one).
 *
 * Goal for every ratio: <= 1.0 (the SDK costs no more than the peer).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import OpenAI from 'openai';
import { AbstractPage, type PageRequestOptions } from 'openai/pagination';
import { createInvent } from '../src/index.js';
import { root, userEnv } from '../test/package/support/build.js';
import { printFigure } from './support/figure.js';
import { startJsonServer, startListServer } from './support/json-server.js';
import { cpuPerCall, median } from './support/measure.js';

const batch = (run: () => Promise<unknown>) => cpuPerCall(run, BATCH);

const GOAL = 1.0;
const WARMUP = 100;
const ROUNDS = 25;
const BATCH = 40;
const IMPORT_ROUNDS = 5;
const LIST_ITEMS = 10_000;
const PAGE_SIZE = 100;
const LIST_ROUNDS = 5;

const server = await startJsonServer({ id: 'ast_1', name: 'Support', enabled: true });
const baseUrl = server.baseUrl;
const apiKey = 'sk_bench_key';

// The limiter stays on, with limits that never bind (the contract allows 10 assistant creations an hour).
const unbound = { limit: 1_000_000, windowSeconds: 1 };
const invent = createInvent({ apiKey, baseUrl, rateLimit: { groups: { general: unbound, 'assistant-create': unbound } } });
const openai = new OpenAI({ apiKey, baseURL: baseUrl });
const OctokitFull = Octokit.plugin(throttling, retry, paginateRest);
const octokit = new OctokitFull({
  auth: apiKey,
  baseUrl,
  throttle: { onRateLimit: () => true, onSecondaryRateLimit: () => true },
});
// Octokit's throttling spaces writes 1 s apart by design (a wait, not CPU): its POSTs run with it off.
const octokitWrites = new OctokitFull({ auth: apiKey, baseUrl, throttle: { enabled: false } });

const list = await startListServer(LIST_ITEMS);
const inventList = createInvent({ apiKey, baseUrl: list.baseUrl, rateLimit: { groups: { general: unbound } } });
const openaiList = new OpenAI({ apiKey, baseURL: list.baseUrl });
const octokitList = new OctokitFull({
  auth: apiKey,
  baseUrl: list.baseUrl,
  throttle: { onRateLimit: () => true, onSecondaryRateLimit: () => true },
});

/** openai-node paginates page numbers the way its docs say to: a page class over `getAPIList`. */
class NumberedPage<Item> extends AbstractPage<Item> {
  getPaginatedItems(): Item[] {
    return this.body as Item[];
  }
  nextPageRequestOptions(): PageRequestOptions | null {
    if ((this.body as Item[]).length < PAGE_SIZE) return null;
    const query = this.options.query as { page: number; take: number };
    return { ...this.options, query: { ...query, page: query.page + 1 } };
  }
}

/** Walks the whole list; throws unless every item came, in order. */
async function walk(items: AsyncIterable<unknown>, perItem = (x: unknown) => x as { n: number }): Promise<number> {
  let count = 0;
  for await (const item of items) {
    if (perItem(item).n !== count) throw new Error(`item ${count} came as ${JSON.stringify(item)}`);
    count++;
  }
  if (count !== LIST_ITEMS) throw new Error(`walked ${count} items, expected ${LIST_ITEMS}`);
  return count;
}

async function* octokitItems() {
  for await (const page of octokitList.paginate.iterator('GET /orgs/c/contacts', { per_page: PAGE_SIZE })) yield* page.data as unknown[];
}

const walks = {
  invent: () => walk(inventList.contacts.list({ take: PAGE_SIZE })),
  openai: () => walk(openaiList.getAPIList('/orgs/c/contacts', NumberedPage, { query: { page: 1, take: PAGE_SIZE } })),
  octokit: () => walk(octokitItems()),
};

async function comparePagination(): Promise<void> {
  const names = Object.keys(walks) as (keyof typeof walks)[];
  for (const name of names) await walks[name]();
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<(typeof names)[number], number[]>;
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<(typeof names)[number], number[]>;
  for (let round = 0; round < LIST_ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const start = performance.now();
      times[name].push(await cpuPerCall(walks[name], 1));
      wall[name].push(performance.now() - start);
    }
  }
  const ms = (x: number[]) => Math.round(median(x) / 100) / 10;
  for (const peer of ['openai', 'octokit'] as const) {
    printFigure(`peer-paginate-cpu-ratio-${peer}`, round3(median(times.invent) / median(times[peer])), 'ratio', ['<=', GOAL], {
      inventCpuMs: ms(times.invent),
      peerCpuMs: ms(times[peer]),
      inventWallMs: Math.round(median(wall.invent)),
      peerWallMs: Math.round(median(wall[peer])),
      items: LIST_ITEMS,
      pageSize: PAGE_SIZE,
      rounds: LIST_ROUNDS,
    });
  }
}

const clients = {
  get: {
    invent: async () => (await invent.GET('/orgs/{org_id}/assistants')).data,
    openai: () => openai.get('/orgs/c/assistants'),
    octokit: async () => (await octokit.request('GET /orgs/c/assistants')).data,
  },
  post: {
    invent: async () => (await invent.POST('/orgs/{org_id}/assistants', { body: { name: 'Support' } })).data,
    openai: () => openai.post('/orgs/c/assistants', { body: { name: 'Support' } }),
    octokit: async () => (await octokitWrites.request('POST /orgs/c/assistants', { name: 'Support' })).data,
  },
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function compare(kind: 'get' | 'post'): Promise<void> {
  const runs = clients[kind];
  const names = Object.keys(runs) as (keyof typeof runs)[];
  for (let i = 0; i < WARMUP; i++) for (const name of names) await runs[name]();
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<(typeof names)[number], number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      times[name].push(await batch(runs[name]));
    }
  }
  const us = Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<(typeof names)[number], number>;
  for (const peer of ['openai', 'octokit'] as const) {
    printFigure(`peer-${kind}-cpu-ratio-${peer}`, round3(us.invent / us[peer]), 'ratio', ['<=', GOAL], {
      inventCpuUs: Math.round(us.invent),
      peerCpuUs: Math.round(us[peer]),
      rounds: ROUNDS,
      batch: BATCH,
    });
  }
}

/** CPU milliseconds one fresh process spends importing `specifiers` (together). */
function importCpuMs(specifiers: readonly string[]): number {
  const imports = specifiers.map((s) => `import(${JSON.stringify(s)})`).join(', ');
  const script = `const s = process.cpuUsage(); await Promise.all([${imports}]); const u = process.cpuUsage(s); console.log((u.user + u.system) / 1000);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: userEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`import ${specifiers.join(', ')} failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

try {
  await compare('get');
  await compare('post');
  await comparePagination();
  const fromDist = existsSync(`${root}/dist/index.js`);
  if (fromDist) {
    const specifiers = {
      invent: ['invent-sdk'],
      openai: ['openai'],
      octokit: ['@octokit/core', '@octokit/plugin-throttling', '@octokit/plugin-retry', '@octokit/plugin-paginate-rest'],
    };
    const times = { invent: [] as number[], openai: [] as number[], octokit: [] as number[] };
    const names = Object.keys(specifiers) as (keyof typeof specifiers)[];
    for (let round = 0; round < IMPORT_ROUNDS; round++)
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length]!;
        times[name].push(importCpuMs(specifiers[name]));
      }
    for (const peer of ['openai', 'octokit'] as const) {
      printFigure(`peer-import-cpu-ratio-${peer}`, round3(median(times.invent) / median(times[peer])), 'ratio', ['<=', GOAL], {
        inventImportCpuMs: Math.round(median(times.invent) * 10) / 10,
        peerImportCpuMs: Math.round(median(times[peer]) * 10) / 10,
        peerImported: specifiers[peer].join(' + '),
        rounds: IMPORT_ROUNDS,
      });
    }
  } else console.error('peers.bench: no build in dist/, import times skipped (npm run build)');
} finally {
  server.close();
  list.close();
}
