/**
 * Request overhead: the SDK's typed call (openapi-fetch, auth, the rate limiter on but not binding,
 * the attempt loop with its abortable timeout, body buffering) against a raw `fetch` of the same URL,
 * both reading the same small JSON body from a local server running in a child process (so the
 * server's work does not share this process's CPU).
 *
 * Measured side by side: each round runs a batch of raw requests, a batch of SDK requests and a batch
 * of bare openapi-fetch requests (the SDK's foundation, printed as context: the floor any SDK built on
 * it starts from), rotating the order every round; each batch gives one time per request; the printed
 * value is the ratio of the medians over rounds (SDK / raw).
 *
 * Goal: ratio <= 1.10.
 */
import { printFigure } from './support/figure.js';
import { startJsonServer } from './support/json-server.js';
import createClient from 'openapi-fetch';
import { createInvent } from '../src/index.js';
import { median } from './support/measure.js';

const GOAL = 1.1;
const WARMUP = 400;
const ROUNDS = 100;
const BATCH = 40;

const server = await startJsonServer([
  { id: 'ast_1', name: 'Support', enabled: true },
  { id: 'ast_2', name: 'Sales', enabled: false },
]);
const baseUrl = server.baseUrl;

const apiKey = 'sk_bench_key';
const url = `${baseUrl}/orgs/c/assistants`;
const invent = createInvent({ apiKey, baseUrl, rateLimit: { groups: { general: { limit: 1_000_000, windowSeconds: 1 } } } });

async function raw(): Promise<unknown> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}` } });
  if (!response.ok) throw new Error(`raw fetch answered ${response.status}`);
  return response.json();
}

async function sdk(): Promise<unknown> {
  return (await invent.GET('/orgs/{org_id}/assistants')).data;
}

const bare = createClient<{ '/orgs/c/assistants': { get: { responses: { 200: { content: { 'application/json': unknown } } } } } }>({
  baseUrl,
});
async function openapiFetch(): Promise<unknown> {
  return (await bare.GET('/orgs/c/assistants', { headers: { Authorization: `Bearer ${apiKey}` } })).data;
}

async function batch(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < BATCH; i++) await run();
  return ((performance.now() - start) / BATCH) * 1000;
}

try {
  for (let i = 0; i < WARMUP; i++) {
    await raw();
    await sdk();
    await openapiFetch();
  }
  const variants = [
    { run: raw, times: [] as number[] },
    { run: sdk, times: [] as number[] },
    { run: openapiFetch, times: [] as number[] },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      variant.times.push(await batch(variant.run));
    }
  }
  const [rawMedianUs, sdkMedianUs, openapiFetchMedianUs] = variants.map((v) => median(v.times)) as [number, number, number];
  const value = Math.round((sdkMedianUs / rawMedianUs) * 1000) / 1000;
  printFigure('request-overhead-ratio', value, 'ratio', ['<=', GOAL], {
    sdkMedianUs: Math.round(sdkMedianUs),
    rawMedianUs: Math.round(rawMedianUs),
    overheadUs: Math.round(sdkMedianUs - rawMedianUs),
    openapiFetchRatio: Math.round((openapiFetchMedianUs / rawMedianUs) * 1000) / 1000,
    rounds: ROUNDS,
    batch: BATCH,
    node: process.version,
  });
} finally {
  server.close();
}
