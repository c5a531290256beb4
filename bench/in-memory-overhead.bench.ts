/**
 * The SDK's own CPU cost per GET, without a network: the SDK's typed call and bare openapi-fetch (its
 * foundation) on the same in-memory `fetch`, which answers a small JSON body at once. Measured side by
 * side in CPU time (`process.cpuUsage()`), interleaved in batches, rotating the order every round; the
 * printed value is the difference of the medians per call in microseconds.
 *
 * Goal: <= 8 us of CPU over openapi-fetch per GET.
 */
import createClient from 'openapi-fetch';
import { createInvent } from '../src/index.js';
import { printFigure } from './support/figure.js';
import { cpuPerCall, median } from './support/measure.js';

const batch = (run: () => Promise<unknown>) => cpuPerCall(run, BATCH);

const GOAL_US = 8;
const WARMUP = 3000;
const ROUNDS = 40;
const BATCH = 500;

const body = JSON.stringify([{ id: 'ast_1', name: 'Support', enabled: true }]);
const answer = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const memoryFetch = async (_request: Request) => answer();

const baseUrl = 'http://127.0.0.1:9';
const apiKey = 'sk_bench_key';
const invent = createInvent({
  apiKey,
  baseUrl,
  fetch: memoryFetch,
  rateLimit: { groups: { general: { limit: 1_000_000_000, windowSeconds: 1 } } },
});
const bare = createClient<{ '/orgs/c/assistants': { get: { responses: { 200: { content: { 'application/json': unknown } } } } } }>({
  baseUrl,
  fetch: memoryFetch,
});

const sdk = async () => (await invent.GET('/orgs/{org_id}/assistants')).data;
const floor = async () => (await bare.GET('/orgs/c/assistants', { headers: { Authorization: `Bearer ${apiKey}` } })).data;

for (let i = 0; i < WARMUP; i++) {
  await sdk();
  await floor();
}
const variants = [
  { run: sdk, times: [] as number[] },
  { run: floor, times: [] as number[] },
];
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(round + i) % variants.length]!;
    variant.times.push(await batch(variant.run));
  }
}
const [sdkCpuUs, openapiFetchCpuUs] = variants.map((v) => median(v.times)) as [number, number];
printFigure('get-cpu-over-openapi-fetch-us', Math.round((sdkCpuUs - openapiFetchCpuUs) * 10) / 10, 'us', ['<=', GOAL_US], {
  sdkCpuUs: Math.round(sdkCpuUs * 10) / 10,
  openapiFetchCpuUs: Math.round(openapiFetchCpuUs * 10) / 10,
  fetch: 'in-memory',
  rounds: ROUNDS,
  batch: BATCH,
});
