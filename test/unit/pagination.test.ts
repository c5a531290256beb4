/** Paginators against a scripted page server injected as `fetch` (no network). */
import { describe, expect, it } from 'vitest';
import { createInvent, InventApiError, InventValidationError, Page, PaginationError } from '../../src/index.js';
import { pageFetch, type Item, type PageScript } from '../support/page-server.js';

function client(script: PageScript) {
  const server = pageFetch(script);
  const invent = createInvent({ apiKey: 'k', fetch: server.fetch, maxRetries: 0, rateLimit: false });
  return { invent, ...server };
}

/** The items of contacts.list, typed as the page server's. */
const ids = (items: ReadonlyArray<{ id?: string }>) => items.map((i) => i.id);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `item_${from + i}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('await list(): one page', () => {
  it('gives the items and the pagination headers, and can fetch the next page', async () => {
    const { invent, requests } = client({ total: 250 });
    const page = await invent.contacts.list({ status: 'SUBSCRIBED', take: 100 });
    expect(page).toBeInstanceOf(Page);
    expect(page).toMatchObject({ page: 1, take: 100, total: 250 });
    expect(page.items).toHaveLength(100);
    expect(page.hasNextPage()).toBe(true);
    const second = await page.getNextPage();
    expect(second.page).toBe(2);
    expect(ids(second.items)).toEqual(range(100, 200));
    const third = await second.getNextPage();
    expect(third.items).toHaveLength(50);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toThrow(/contacts.list: page 3 is the last page/);
    expect(requests.map((r) => r.query.get('status'))).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED']);
  });

  it('sends nothing until awaited or iterated, and take defaults to 100', async () => {
    const { invent, requests } = client({ total: 5 });
    const list = invent.contacts.list();
    await sleep(5);
    expect(requests).toHaveLength(0);
    const { data, response } = await list.withResponse();
    expect(response.headers.get('pagination-count')).toBe('5');
    expect(data.items).toHaveLength(5);
    expect(requests.map((r) => [r.page, r.take])).toEqual([[1, 100]]);
  });
});

describe('for await: every item across pages', () => {
  it('0 items: yields nothing after one request', async () => {
    const { invent, requests } = client({ total: 0 });
    expect(await collect(invent.contacts.list())).toEqual([]);
    expect(requests).toHaveLength(1);
    const page = await invent.contacts.list();
    expect(page.items).toEqual([]);
    expect(page.hasNextPage()).toBe(false);
  });

  it('exactly one page: one request when the total is known', async () => {
    const { invent, pages } = client({ total: 100 });
    expect(ids(await collect(invent.contacts.list()))).toEqual(range(0, 100));
    expect(pages()).toEqual([1]);
  });

  it('exactly one page without pagination-count: an empty page ends it', async () => {
    const { invent, pages } = client({ total: 100, countHeader: false });
    expect(await collect(invent.contacts.list())).toHaveLength(100);
    expect(pages()).toEqual([1, 2]);
  });

  it.each([
    [250, 100, [1, 2, 3]],
    [250, 30, [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [7, 3, [1, 2, 3]],
  ])('take not dividing the total: %i items, take %i', async (total, take, expected) => {
    const { invent, pages, requests } = client({ total });
    expect(ids(await collect(invent.contacts.list({ take: take as 30 })))).toEqual(range(0, total));
    expect(pages()).toEqual(expected);
    expect(new Set(requests.map((r) => r.take))).toEqual(new Set([take]));
  });

  it('total header missing: a short page ends it', async () => {
    const { invent, pages } = client({ total: 250, countHeader: false, takeHeader: false });
    expect(ids(await collect(invent.contacts.list()))).toEqual(range(0, 250));
    expect(pages()).toEqual([1, 2, 3]);
  });

  it('total growing mid-iteration: follows the newest total', async () => {
    const { invent, pages } = client({ total: (request) => (request === 1 ? 150 : 250) });
    expect(ids(await collect(invent.contacts.list()))).toEqual(range(0, 250));
    expect(pages()).toEqual([1, 2, 3]);
  });

  it('total shrinking mid-iteration: stops where the newest total ends', async () => {
    const { invent } = client({ total: (request) => (request === 1 ? 250 : 150) });
    expect(ids(await collect(invent.contacts.list()))).toEqual(range(0, 150));
  });

  it('starts at params.page', async () => {
    const { invent, pages } = client({ total: 250 });
    expect(ids(await collect(invent.contacts.list({ page: 2 })))).toEqual(range(100, 250));
    expect(pages()).toEqual([2, 3]);
  });

  it('.pages() walks pages; a page is iterable', async () => {
    const { invent } = client({ total: 250 });
    const seen: number[] = [];
    for await (const page of invent.contacts.list().pages()) {
      seen.push(page.page);
      expect([...page]).toEqual(page.items);
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('reuses an awaited first page instead of fetching it again', async () => {
    const { invent, pages } = client({ total: 150 });
    const list = invent.contacts.list();
    const first = await list;
    expect(first.items).toHaveLength(100);
    expect(await collect(list)).toHaveLength(150);
    expect(pages()).toEqual([1, 2]);
  });

  it('works for a nested list, with the id in the path', async () => {
    const { invent, requests } = client({ total: 3 });
    expect(await collect(invent.broadcasts.templates.list('brd_1'))).toHaveLength(3);
    expect(requests[0]!.path).toBe('/orgs/c/broadcasts/brd_1/templates');
  });
});

describe('toArray', () => {
  it('needs a limit, stops at it and shrinks an unchosen take to it', async () => {
    const { invent, requests } = client({ total: 1000 });
    const items = await invent.contacts.list().toArray({ limit: 30 });
    expect(ids(items)).toEqual(range(0, 30));
    expect(requests.map((r) => [r.page, r.take])).toEqual([[1, 30]]);
    // @ts-expect-error the limit is required
    await expect(invent.contacts.list().toArray()).rejects.toThrow(InventValidationError);
  });

  it('collects across pages up to the limit, or everything with Infinity', async () => {
    const { invent } = client({ total: 250 });
    expect(ids(await invent.contacts.list({ take: 100 }).toArray({ limit: 150 }))).toEqual(range(0, 150));
    expect(await invent.contacts.list().toArray({ limit: Infinity })).toHaveLength(250);
  });
});

describe('failures', () => {
  const failPage3Once: PageScript = {
    total: 450,
    fail: (page, call) => (page === 3 && call === 1 ? Response.json({ message: 'boom' }, { status: 500 }) : undefined),
  };

  it('an error on page N is a PaginationError naming N; resumeFrom carries on from N without refetching', async () => {
    const { invent, pages } = client(failPage3Once);
    const list = invent.contacts.list({ status: 'SUBSCRIBED' });
    const seen: Item[] = [];
    let error: unknown;
    try {
      for await (const contact of list) seen.push(contact as unknown as Item);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PaginationError);
    const failure = error as PaginationError;
    expect(failure).toMatchObject({ page: 3, take: 100, operation: 'contacts.list', reason: 'request' });
    expect(failure.cause).toBeInstanceOf(InventApiError);
    expect((failure.cause as InventApiError).status).toBe(500);
    expect(failure.message).toMatch(/contacts.list: page 3 failed/);
    expect(seen).toHaveLength(200);

    const before = pages().length;
    for await (const contact of list.resumeFrom(failure)) seen.push(contact as unknown as Item);
    expect(ids(seen)).toEqual(range(0, 450));
    expect(pages().slice(before)).toEqual([3, 4, 5]);
  });

  it('resuming with { page, take } from the error does the same', async () => {
    const { invent } = client(failPage3Once);
    const error = (await invent.contacts
      .list()
      .toArray({ limit: Infinity })
      .catch((e: unknown) => e)) as PaginationError;
    expect(error).toBeInstanceOf(PaginationError);
    const rest = await invent.contacts.list({ page: error.page, take: error.take as 100 }).toArray({ limit: Infinity });
    expect(ids(rest)).toEqual(range(200, 450));
  });

  it('resumeFrom refuses an error from another list', async () => {
    const { invent } = client(failPage3Once);
    const error = (await invent.contacts
      .list()
      .toArray({ limit: Infinity })
      .catch((e: unknown) => e)) as PaginationError;
    expect(() => invent.segments.list().resumeFrom(error)).toThrow(/cannot resume from an error of contacts.list/);
  });

  it('a page cap stops a server that never ends', async () => {
    const { invent, pages } = client({ total: 0, endless: true, countHeader: false });
    const error = await collect(invent.contacts.list({}, { maxPages: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ reason: 'max-pages', page: 6 });
    expect(pages()).toEqual([1, 2, 3, 4, 5]);
  });

  it('has a default page cap', async () => {
    const { invent, pages } = client({ total: 0, endless: true, countHeader: false, takeHeader: false });
    const error = await collect(invent.contacts.list({ take: 1 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'max-pages', page: 1001 });
    expect(pages()).toHaveLength(1000);
  });

  it('the first page of a plain await fails with the API error itself', async () => {
    const { invent } = client({ total: 10, fail: () => Response.json({ message: 'nope' }, { status: 404 }) });
    await expect(invent.contacts.list()).rejects.toBeInstanceOf(InventApiError);
  });

  it("the caller's abort ends iteration with the abort, not a PaginationError", async () => {
    const { invent } = client({ total: 1000, delayMs: 20 });
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const c of invent.contacts.list({}, { signal: controller.signal })) {
        seen.push(c);
        if (seen.length === 150) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PaginationError);
    expect(String(error)).toMatch(/abort/i);
  });
});

describe('speed', () => {
  it('prefetches the next page while the current one is consumed', async () => {
    // fetching a page takes 10 ms, the consumer works 30 ms per page: each next page is ready before it is asked for
    const { invent, requests } = client({ total: 300, delayMs: 10 });
    const finished: number[] = [];
    let n = 0;
    for await (const _ of invent.contacts.list()) {
      if (n % 100 === 0) await sleep(30);
      if (++n % 100 === 0) finished.push(performance.now());
    }
    expect(requests.map((r) => r.page)).toEqual([1, 2, 3]);
    for (const k of [1, 2]) {
      expect(requests[k]!.startedAt).toBeLessThan(finished[k - 1]!);
      expect(requests[k]!.endedAt!).toBeLessThan(finished[k - 1]!);
    }
  });

  it('concurrency fetches later pages in parallel and still yields in order', async () => {
    // later pages answer faster, so they finish out of order
    const { invent, stats, pages } = client({ total: 1000, delayMs: (page) => 40 - page * 3 });
    const items = await collect(invent.contacts.list({}, { concurrency: 4 }));
    expect(ids(items)).toEqual(range(0, 1000));
    expect(stats.maxInflight).toBe(4);
    expect([...pages()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('without a known total, concurrency falls back to one page ahead', async () => {
    const { invent, stats } = client({ total: 500, countHeader: false, delayMs: 5 });
    expect(await collect(invent.contacts.list({}, { concurrency: 4 }))).toHaveLength(500);
    expect(stats.maxInflight).toBe(1);
  });

  it('breaking out early aborts the prefetched request', async () => {
    const { invent, requests } = client({ total: 1000, delayMs: 30 });
    for await (const _ of invent.contacts.list({}, { concurrency: 3 })) break;
    await sleep(5);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.slice(1).every((r) => r.signal.aborted)).toBe(true);
  });

  it('rejects a bad concurrency or maxPages before any request', async () => {
    const { invent, requests } = client({ total: 10 });
    await expect(invent.contacts.list({}, { concurrency: 0 })).rejects.toThrow(/concurrency must be an integer >= 1/);
    await expect(invent.contacts.list({}, { maxPages: -1 })).rejects.toThrow(InventValidationError);
    expect(requests).toHaveLength(0);
  });
});

describe('invent.paginate for the raw typed calls', () => {
  it('walks a paginated GET by its path template', async () => {
    const { invent, requests } = client({ total: 120 });
    const runs = await collect(
      invent.paginate('/orgs/{org_id}/workflows/{workflow_id}/runs', { params: { path: { workflow_id: 'wf_1' } }, concurrency: 2 }),
    );
    expect(runs).toHaveLength(120);
    expect(requests.map((r) => r.path)).toEqual(['/orgs/c/workflows/wf_1/runs', '/orgs/c/workflows/wf_1/runs']);
    const page = await invent.paginate('/orgs/{org_id}/contacts', { params: { query: { status: 'BLOCKED', take: 50 } } });
    expect(page).toMatchObject({ page: 1, take: 50, total: 120 });
  });

  it('refuses a path that is not a paginated GET', async () => {
    const { invent, requests } = client({ total: 1 });
    // @ts-expect-error not a paginated operation
    await expect(invent.paginate('/orgs/{org_id}/contacts/stats')).rejects.toThrow(/not a paginated operation/);
    await expect(invent.paginate('/orgs/{org_id}/contacts', { params: { query: { take: 500 } } })).rejects.toThrow(
      /`take` must be an integer from 1 to 100/,
    );
    expect(requests).toHaveLength(0);
  });
});
