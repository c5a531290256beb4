/**
 * sendMany's contract, against an in-process fetch (no network, no rate limiting: pacing is tested in
 * faults.test.ts): results in input order, flat memory, bad items reported without stopping the batch,
 * stops only on failures every later item would get too, and a summary to resubmit from.
 */
import { describe, expect, it } from 'vitest';
import { createInvent, InventValidationError, type SendManyResult } from '../../src/index.js';
import { recordingFetch } from '../support/recording-fetch.js';

const RECORD = { id: 'brc_1', template_id: 'btp_1', contact_id: 'cnt_1', channel: 'WHATSAPP', status: 'SENT' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client whose sends are answered by `answer(body)` (default: one record), after `delay(body)` ms. */
function client(answer: (body: any) => Response | undefined = () => undefined, delay: (body: any) => number = () => 0) {
  const recorded = recordingFetch(async (request) => {
    const body = JSON.parse(await request.text());
    await sleep(delay(body));
    return answer(body) ?? Response.json([{ ...RECORD, contact_id: body.email ?? body.contact_id }]);
  });
  const invent = createInvent({ apiKey: 'k', fetch: recorded.fetch, rateLimit: false, retry: { baseDelayMs: 1, minDelayMs: 0 } });
  return { invent, requests: recorded.requests, handle: invent.broadcasts.transactional<{ n: number }>('brd_1') };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ recipient: { email: `u${i}@example.com` }, variables: { n: i } }));
async function collect<V>(run: AsyncIterable<SendManyResult<V>>): Promise<SendManyResult<V>[]> {
  const out: SendManyResult<V>[] = [];
  for await (const r of run) out.push(r);
  return out;
}

describe('order and memory', () => {
  it('hands results out in input order although sends end out of order', async () => {
    const { handle } = client(undefined, (body) => (body.variables.n % 3) * 7);
    const results = await collect(handle.sendMany(items(30), { concurrency: 5 }));
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(results.every((r) => r.ok && r.records[0]!.contact_id === `u${r.index}@example.com`)).toBe(true);
  });

  it('reads an async iterable lazily: at most 2 x concurrency items between read and handed out', async () => {
    const { handle } = client(undefined, () => 2);
    let read = 0;
    let handedOut = 0;
    let most = 0;
    async function* source() {
      for (let i = 0; i < 200; i++) {
        read++;
        most = Math.max(most, read - handedOut);
        yield { recipient: { email: `u${i}@example.com` }, variables: { n: i } };
      }
    }
    for await (const _ of handle.sendMany(source(), { concurrency: 4 })) {
      handedOut++;
      await sleep(1); // a slow consumer
    }
    expect(handedOut).toBe(200);
    expect(most).toBeLessThanOrEqual(2 * 4 + 1);
  });

  it('keeps only failures in the summary, unless keepResults', async () => {
    const { handle } = client();
    const plain = await handle.sendMany(items(5));
    expect(plain.results).toBeUndefined();
    expect(plain).toMatchObject({ total: 5, sent: 5, failed: 0, failures: [] });
    const kept = await handle.sendMany(items(5), { keepResults: true });
    expect(kept.results?.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('bad items', () => {
  it('reports a locally invalid item without sending it, and an API refusal, and goes on', async () => {
    const { handle, requests } = client((body) =>
      body.email === 'u3@example.com' ? Response.json({ message: 'Contact is unsubscribed' }, { status: 400 }) : undefined,
    );
    const list: any[] = items(6);
    list[1] = { recipient: { name: 'Ana' }, variables: { n: 1 } };
    list[4] = 'not an item';
    const summary = await handle.sendMany(list);
    expect(summary).toMatchObject({ total: 6, sent: 3, failed: 3, invalid: 2, outcomeUnknown: 0 });
    expect(summary.failures.map((f) => [f.index, f.error.name, f.outcomeUnknown])).toEqual([
      [1, 'SendInputError', false],
      [3, 'RecipientRejectedError', false],
      [4, 'SendInputError', false],
    ]);
    expect(requests).toHaveLength(4);
  });

  it('an unknown outcome is counted and flagged, not resent, and the batch goes on', async () => {
    const { handle, requests } = client((body) =>
      body.variables.n === 2 ? Response.json({ message: 'oops' }, { status: 502 }) : undefined,
    );
    const summary = await handle.sendMany(items(4));
    expect(summary).toMatchObject({ sent: 3, failed: 1, outcomeUnknown: 1 });
    expect(summary.failures[0]).toMatchObject({ index: 2, outcomeUnknown: true, error: { name: 'SendOutcomeUnknownError' } });
    expect(requests).toHaveLength(4);
    // What is safe to resubmit: the failures that certainly were not sent.
    expect(summary.failures.filter((f) => !f.outcomeUnknown)).toEqual([]);
  });

  it('applies the batch defaults (background, templateIds) to items that do not set them', async () => {
    const { handle, requests } = client();
    await handle.sendMany(
      [
        { recipient: { email: 'a@b.co' }, variables: { n: 0 } },
        { recipient: { email: 'c@d.co' }, variables: { n: 1 }, background: false },
      ],
      { background: true, templateIds: ['btp_1'] },
    );
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      { email: 'a@b.co', variables: { n: 0 }, template_ids: ['btp_1'], background: true },
      { email: 'c@d.co', variables: { n: 1 }, template_ids: ['btp_1'], background: false },
    ]);
  });
});

describe('stopping', () => {
  it('stops on a failure every later item would get too (the broadcast is paused): nothing new starts', async () => {
    const { handle, requests } = client(() => Response.json({ message: 'Broadcast is paused' }, { status: 400 }));
    const results = await collect(handle.sendMany(items(100), { concurrency: 3 }));
    expect(results.length).toBeLessThanOrEqual(3);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('summary.stopped says where to resume', async () => {
    const { handle } = client(
      (body) => (body.variables.n >= 5 ? Response.json({ message: 'Unauthorized' }, { status: 401 }) : undefined),
      (body) => body.variables.n,
    );
    const summary = await handle.sendMany(items(50), { concurrency: 1 });
    expect(summary.sent).toBe(5);
    expect(summary.stopped).toMatchObject({ nextIndex: 6, error: { name: 'AuthenticationError' } });
    expect(summary.total).toBe(6);
  });

  it('stopOn: () => false never stops', async () => {
    const { handle, requests } = client(() => Response.json({ message: 'Broadcast is paused' }, { status: 400 }));
    const summary = await handle.sendMany(items(10), { stopOn: () => false });
    expect(summary).toMatchObject({ total: 10, failed: 10 });
    expect(summary.stopped).toBeUndefined();
    expect(requests).toHaveLength(10);
  });

  it('an abort: nothing new starts, sends in flight are aborted', async () => {
    const { handle } = client(undefined, () => 20);
    const controller = new AbortController();
    const run = handle.sendMany(items(50), { concurrency: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const summary = await run;
    expect(summary.total).toBeLessThan(50);
    expect(summary.stopped?.nextIndex).toBe(summary.total);
    expect(summary.sent + summary.failed).toBe(summary.total);
  });

  it('a consumer that stops reading: sends in flight end and are counted, the input is closed', async () => {
    const { handle } = client(undefined, () => 5);
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield { recipient: { email: `u${i}@example.com` }, variables: { n: i } };
      } finally {
        closed = true;
      }
    }
    const run = handle.sendMany(source(), { concurrency: 4 });
    for await (const result of run) if (result.index === 2) break;
    const summary = await run;
    expect(closed).toBe(true);
    expect(summary.stopped?.error.message).toMatch(/no longer read/);
    expect(summary.sent).toBe(summary.total);
  });

  it('an input that fails: results so far, then the input’s error; the summary says where', async () => {
    const { handle } = client();
    async function* source() {
      yield { recipient: { email: 'a@b.co' }, variables: { n: 0 } };
      throw new Error('backlog query failed');
    }
    const run = handle.sendMany(source());
    const seen: number[] = [];
    await expect(async () => {
      for await (const r of run) seen.push(r.index);
    }).rejects.toThrow('backlog query failed');
    expect(seen).toEqual([0]);
    expect((await run).stopped).toMatchObject({ nextIndex: 1, error: { message: 'backlog query failed' } });
  });
});

describe('the run', () => {
  it('reports progress after each item; a throwing callback is ignored', async () => {
    const { handle } = client();
    const seen: number[] = [];
    const summary = await handle.sendMany(items(4), {
      onProgress: (p) => {
        seen.push(p.done);
        expect(p.total).toBe(4);
        throw new Error('ignored');
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(summary.sent).toBe(4);
  });

  it('sends nothing until iterated or awaited; is read once', async () => {
    const { handle, requests } = client();
    const run = handle.sendMany(items(2));
    await sleep(10);
    expect(requests).toHaveLength(0);
    await collect(run);
    expect(requests).toHaveLength(2);
    await expect(collect(run)).rejects.toThrow(/already being iterated/);
    expect((await run.summary).sent).toBe(2);
  });

  it('bad options reject before any request', async () => {
    const { handle, requests } = client();
    await expect(handle.sendMany(items(2), { concurrency: 0 })).rejects.toThrow(InventValidationError);
    await expect(handle.sendMany(items(2), { templateIds: [] })).rejects.toThrow(/options\.templateIds must name at least one template/);
    await expect(handle.sendMany(42 as never)).rejects.toThrow(/items must be an array, an iterable or an async iterable/);
    expect(requests).toHaveLength(0);
  });
});
