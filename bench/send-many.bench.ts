/**
 * `sendMany` against the floor: a batch of transactional sends through `sendMany` beside a
 * hand-written loop of `fetch` POSTs with the same concurrency (workers taking the next item, each
 * POSTing its JSON body and reading the answer), both against one local JSON server in a child
 * process. The limiter stays on, with limits that never bind (pacing is the limiter's job, measured by
 * limiter.bench.ts).
 *
 * Measured side by side: each round runs the batch both ways, rotating the order every round; printed
 * is the ratio of the median wall times (sendMany / hand loop).
 *
 * Goal: <= 1.3.
 */
import { createInvent } from '../src/index.js';
import { printFigure } from './support/figure.js';
import { startJsonServer } from './support/json-server.js';
import { median } from './support/measure.js';

const GOAL = 1.3;
const ITEMS = 400;
const CONCURRENCY = 10;
const WARMUP = 2;
const ROUNDS = 9;

const RECORD = { id: 'brc_1', template_id: 'btp_1', contact_id: 'cnt_1', channel: 'WHATSAPP', status: 'SENT' };
const server = await startJsonServer([RECORD]);
const apiKey = 'sk_bench_key';
const unbound = { limit: 1_000_000, windowSeconds: 1 };
const invent = createInvent({
  apiKey,
  baseUrl: server.baseUrl,
  rateLimit: { groups: { general: unbound, 'broadcast-send': unbound } },
});
const broadcastId = 'brd_1';
const items = Array.from({ length: ITEMS }, (_, i) => ({ recipient: { email: `u${i}@example.com` }, variables: { n: String(i) } }));

async function viaSendMany(): Promise<number> {
  const summary = await invent.broadcasts.transactional(broadcastId).sendMany(items, { concurrency: CONCURRENCY });
  if (summary.sent !== ITEMS) throw new Error(`sendMany sent ${summary.sent} of ${ITEMS}: ${summary.failures[0]?.error.message}`);
  return summary.sent;
}

const url = `${server.baseUrl}/orgs/c/broadcasts/${broadcastId}/send`;
async function viaLoop(): Promise<number> {
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < ITEMS) {
      const { recipient, variables } = items[next++]!;
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...recipient, variables }),
      });
      if (!response.ok) throw new Error(`loop POST answered ${response.status}`);
      await response.json();
      sent++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return sent;
}

async function time(run: () => Promise<number>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

try {
  for (let i = 0; i < WARMUP; i++) {
    await viaSendMany();
    await viaLoop();
  }
  const runs = { sendMany: viaSendMany, loop: viaLoop };
  const names = Object.keys(runs) as (keyof typeof runs)[];
  const times: Record<keyof typeof runs, number[]> = { sendMany: [], loop: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) times[name].push(await time(runs[name]));
  }
  const ms = (name: keyof typeof runs) => Math.round(median(times[name]));
  printFigure('send-many-ratio', Math.round((median(times.sendMany) / median(times.loop)) * 100) / 100, 'ratio', ['<=', GOAL], {
    sendManyMs: ms('sendMany'),
    loopMs: ms('loop'),
    items: ITEMS,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
  });
} finally {
  server.close();
}
