/**
 * A scripted server of pages for paginator tests and benchmarks: a list of `total` items served
 * `take` at a time with the `pagination-*` headers, where the test decides the total (even one that
 * changes mid-walk), which headers are sent, per-page delays and failures. `pageFetch` is a `fetch`
 * to inject into createInvent (no network); `startPageHttpServer` serves the same over node:http.
 */
import { createServer, type Server } from 'node:http';

export interface Item {
  id: string;
  n: number;
}

export interface PageScript {
  /** Items in the list; a function is asked on every request (so the total can change mid-walk). */
  total: number | ((request: number) => number);
  /** Send `pagination-count` (default true). */
  countHeader?: boolean;
  /** Send `pagination-take` (default true). */
  takeHeader?: boolean;
  /** Milliseconds before a page is answered (per page number, or the same for all). */
  delayMs?: number | ((page: number) => number);
  /** A response to send instead of the page (a failure), or undefined to serve it. `call` counts requests for that page from 1. */
  fail?: (page: number, call: number) => Response | undefined;
  /** Misbehave: every page is full, whatever the total. */
  endless?: boolean;
}

export interface PageRequest {
  page: number;
  take: number;
  path: string;
  query: URLSearchParams;
  startedAt: number;
  endedAt?: number;
  signal: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      },
      { once: true },
    );
  });

/** Answers one page request by the script. */
export async function answerPage(
  script: PageScript,
  url: URL,
  requestNumber: number,
  calls: Map<number, number>,
  signal?: AbortSignal,
): Promise<Response> {
  const page = Number(url.searchParams.get('page') ?? 1);
  const take = Number(url.searchParams.get('take') ?? 100);
  const call = (calls.get(page) ?? 0) + 1;
  calls.set(page, call);
  const delay = typeof script.delayMs === 'function' ? script.delayMs(page) : (script.delayMs ?? 0);
  await sleep(delay, signal);
  const failure = script.fail?.(page, call);
  if (failure) return failure;
  const total = typeof script.total === 'function' ? script.total(requestNumber) : script.total;
  const first = (page - 1) * take;
  const count = script.endless ? take : Math.max(0, Math.min(take, total - first));
  const items: Item[] = Array.from({ length: count }, (_, i) => ({ id: `item_${first + i}`, n: first + i }));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'pagination-page': String(page) };
  if (script.countHeader ?? true) headers['pagination-count'] = String(total);
  if (script.takeHeader ?? true) headers['pagination-take'] = String(take);
  return new Response(JSON.stringify(items), { status: 200, headers });
}

/** A `fetch` serving the script, recording every request (with timing) and the most in flight at once. */
export function pageFetch(script: PageScript) {
  const requests: PageRequest[] = [];
  const calls = new Map<number, number>();
  let inflight = 0;
  const stats = { maxInflight: 0 };
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const record: PageRequest = {
      page: Number(url.searchParams.get('page') ?? 1),
      take: Number(url.searchParams.get('take') ?? 100),
      path: url.pathname,
      query: url.searchParams,
      startedAt: performance.now(),
      signal: request.signal,
    };
    requests.push(record);
    inflight++;
    stats.maxInflight = Math.max(stats.maxInflight, inflight);
    try {
      return await answerPage(script, url, requests.length, calls, request.signal);
    } finally {
      inflight--;
      record.endedAt = performance.now();
    }
  };
  return { fetch, requests, stats, pages: () => requests.map((r) => r.page) };
}

/** The same script over node:http on 127.0.0.1, for benchmarks. */
export async function startPageHttpServer(
  script: PageScript,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const calls = new Map<number, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void answerPage(script, url, ++count, calls).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
