/**
 * The stateful mock's cost: reading a stored record (`GET /orgs/c/contacts/{id}`, the store, the
 * rules, the answer checked against the contract) against the stateless mock's answer to the same call
 * (Prism's example), each mock in this process, measured side by side in alternating batches. Both
 * forward the call to Prism, which validates it; the figure is the ratio of the medians (stateful /
 * stateless).
 *
 * Goal: ratio <= 1.00 (a stateful call costs no more than a stateless one).
 */
import { startInventMock } from '../src/testing/index.js';
import { printFigure } from './support/figure.js';
import { median } from './support/measure.js';

const WARMUP = 100;
const ROUNDS = 20;
const BATCH = 20;

const stateless = await startInventMock();
const stateful = await startInventMock({ stateful: { rateLimits: false } });
const headers = { authorization: 'Bearer bench' };

try {
  const contact = (await (
    await fetch(`${stateful.url}/orgs/c/contacts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', email: 'bench@example.com' }),
    })
  ).json()) as { id: string };
  const call = (base: string) => async () => {
    const response = await fetch(`${base}/orgs/c/contacts/${contact.id}`, { headers });
    if (response.status !== 200) throw new Error(`${base} answered ${response.status}`);
    await response.arrayBuffer();
  };
  const variants = [
    { run: call(stateless.url), times: [] as number[] },
    { run: call(stateful.url), times: [] as number[] },
  ];
  for (let i = 0; i < WARMUP; i++) for (const v of variants) await v.run();
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      const start = performance.now();
      for (let j = 0; j < BATCH; j++) await variant.run();
      variant.times.push(((performance.now() - start) / BATCH) * 1000);
    }
  }
  const [statelessUs, statefulUs] = variants.map((v) => median(v.times)) as [number, number];
  printFigure('stateful-mock-ratio', Math.round((statefulUs / statelessUs) * 1000) / 1000, 'ratio', ['<=', 1], {
    statefulMedianUs: Math.round(statefulUs),
    statelessMedianUs: Math.round(statelessUs),
    rounds: ROUNDS,
    batch: BATCH,
    node: process.version,
  });
} finally {
  await Promise.all([stateless.close(), stateful.close()]);
}
