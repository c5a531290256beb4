/**
 * Tiny JSON servers in a child process, so their work does not count against the process being
 * measured: `startJsonServer` answers every call with one body; `startListServer` serves a list page
 * by page in the ways the SDK and its peers read one.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface JsonServer {
  baseUrl: string;
  close(): void;
}

/** Every call gets `body`, 201 for a POST and 200 otherwise. */
export function startJsonServer(body: unknown): Promise<JsonServer> {
  return startServer(`
const body = ${JSON.stringify(JSON.stringify(body))};
const handle = (req, res) => {
  res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_bench' });
  res.end(body);
};`);
}

/**
 * A list of `total` items `{ id, n }` served a page at a time: `page` (from 1) with `take` (the
 * SDK's paginator, which reads the `pagination-*` headers) or `per_page` (Octokit, which follows the
 * `link` header); every client stops at the first short page too.
 */
export function startListServer(total: number): Promise<JsonServer> {
  return startServer(`
const total = ${Number(total)};
const handle = (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const page = Number(url.searchParams.get('page') ?? 1);
  const take = Number(url.searchParams.get('take') ?? url.searchParams.get('per_page') ?? 100);
  const first = (page - 1) * take;
  const items = [];
  for (let n = first; n < Math.min(total, first + take); n++) items.push({ id: 'item_' + n, n });
  const body = JSON.stringify(items);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'pagination-page': String(page), 'pagination-take': String(take), 'pagination-count': String(total) };
  if (first + take < total) {
    url.searchParams.set('page', String(page + 1));
    headers.link = '<http://' + req.headers.host + url.pathname + '?' + url.searchParams + '>; rel="next"';
  }
  res.writeHead(200, headers);
  res.end(body);
};`);
}

/** Runs `handler` (a script defining `handle(req, res)`, called once the request body is read) on a free local port. */
async function startServer(handler: string): Promise<JsonServer> {
  const script = `
const http = require('node:http');
${handler}
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => handle(req, res));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    baseUrl: `http://127.0.0.1:${chunk.toString().trim()}`,
    close: () => {
      child.stdin?.end();
      child.kill();
    },
  };
}
