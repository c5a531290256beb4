/**
 * A local HTTP server that misbehaves on purpose, for fault tests and benchmarks (node:http on
 * 127.0.0.1, port 0). Each route (`METHOD /path`, no query) has a queue of scripted behaviours, used
 * one per request; when a route's queue is empty the server answers with its fallback (200 `{}`
 * unless set). Every request received is recorded, with its arrival time.
 *
 *   const server = await startFaultServer();
 *   server.script('POST /orgs/c/assistants', { status: 503 }, { status: 201, body: { id: 'ast_1' } });
 *   ... server.requests ... await server.close();
 *
 * With `rateLimit`, the server also enforces a limit exactly, like the API: a sliding window counted
 * on arrival; a request that would make any window of `windowMs` hold more than `limit` accepted
 * requests is answered 429 (with Retry-After) and counted in `rejected`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  /** Answer: a JSON body (`body`) or raw text (`rawBody`), optionally after `delayMs`. */
  | { kind?: 'respond'; status?: number; headers?: Record<string, string>; body?: unknown; rawBody?: string; delayMs?: number }
  /** Destroy the socket as soon as the request head arrives, before reading the body. */
  | { kind: 'destroy-before-body' }
  /** Read the whole request body, then destroy the socket without answering. */
  | { kind: 'destroy-after-body'; delayMs?: number }
  /** Send the status and headers declaring the full length, then only the first `sendBytes` bytes, then destroy. */
  | { kind: 'truncate'; status?: number; headers?: Record<string, string>; rawBody: string; sendBytes: number }
  /** Send the status, headers and the first `sendBytes` bytes of the body, then stall (until the server closes). */
  | { kind: 'stall-body'; status?: number; rawBody: string; sendBytes: number }
  /** Read the request and never answer (until the server closes). */
  | { kind: 'hang' }
  /** Answer with these exact bytes (a gzip body, bad gzip), with the given headers; `chunked`: no Content-Length. */
  | { kind: 'bytes'; status?: number; headers?: Record<string, string>; body: Uint8Array; chunked?: boolean }
  /** Send the status and headers, then `chunk` again and again, as fast as the client reads, until it goes away. */
  | { kind: 'endless'; status?: number; headers?: Record<string, string>; chunk: string };

export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Arrival time (performance.now()) when the request head was received. */
  at: number;
  /** The route's behaviour that handled it, or 'fallback' / 'rate-limited'. */
  handledBy: string;
}

export interface FaultServerOptions {
  /** The port to listen on; default 0 (any free port). */
  port?: number;
  rateLimit?: { limit: number; windowMs: number };
  /** Answer for requests with no scripted behaviour left. Default `{ status: 200, body: {} }`. */
  fallback?: Behaviour;
}

export interface FaultServer {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** 429s sent by the rate-limit enforcement. */
  readonly rejected: number;
  /** Queues behaviours for a route, `METHOD /path`. */
  script(route: string, ...behaviours: Behaviour[]): void;
  /** Sets the answer for requests with no scripted behaviour left. */
  otherwise(behaviour: Behaviour): void;
  /** Requests received for a route. */
  requestsTo(route: string): ReceivedRequest[];
  /** Forgets recorded requests, scripts and rate-limit history. */
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const scripts = new Map<string, Behaviour[]>();
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let fallback: Behaviour = options.fallback ?? { status: 200, body: {} };
  let accepted: number[] = [];
  let rejected = 0;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function respond(res: ServerResponse, behaviour: Extract<Behaviour, { kind?: 'respond' }>): void {
    const text = behaviour.rawBody ?? (behaviour.body === undefined ? '' : JSON.stringify(behaviour.body));
    const headers: Record<string, string> = {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...behaviour.headers,
    };
    res.writeHead(behaviour.status ?? 200, headers);
    res.end(text);
  }

  const server = createServer((req, res) => {
    const at = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const route = `${req.method} ${path}`;
    const record: ReceivedRequest = {
      method: req.method ?? 'GET',
      path,
      url: req.url ?? '/',
      headers: req.headers,
      body: '',
      at,
      handledBy: 'fallback',
    };
    requests.push(record);

    if (options.rateLimit) {
      const { limit, windowMs } = options.rateLimit;
      const bound = at - windowMs;
      let first = 0;
      while (first < accepted.length && accepted[first]! <= bound) first++;
      if (first > 0) accepted = accepted.slice(first);
      if (accepted.length >= limit) {
        rejected++;
        record.handledBy = 'rate-limited';
        const retryAfterMs = Math.max(1, Math.ceil(accepted[0]! + windowMs - at));
        void readBody(req).then((body) => {
          record.body = body;
          respond(res, { status: 429, headers: { 'retry-after-ms': String(retryAfterMs) }, body: { message: 'Too Many Requests' } });
        });
        return;
      }
      accepted.push(at);
    }

    const scripted = scripts.get(route)?.shift();
    const behaviour = scripted ?? fallback;
    if (scripted) record.handledBy = scripted.kind ?? 'respond';

    if (behaviour.kind === 'destroy-before-body') {
      req.socket.destroy();
      return;
    }
    void readBody(req).then((body) => {
      record.body = body;
      switch (behaviour.kind) {
        case 'destroy-after-body':
          if (behaviour.delayMs) later(behaviour.delayMs, () => req.socket.destroy());
          else req.socket.destroy();
          return;
        case 'hang':
          return;
        case 'bytes':
          res.writeHead(behaviour.status ?? 200, {
            ...(behaviour.chunked ? {} : { 'content-length': String(behaviour.body.byteLength) }),
            ...behaviour.headers,
          });
          res.end(behaviour.body);
          return;
        case 'endless': {
          res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json', ...behaviour.headers });
          const chunk = Buffer.from(behaviour.chunk);
          // Writes while the socket takes them, then waits for it to drain: memory stays flat.
          const pump = () => {
            while (!res.destroyed && res.write(chunk)) {}
            if (!res.destroyed) res.once('drain', pump);
          };
          res.on('error', () => {});
          pump();
          return;
        }
        case 'stall-body':
          res.writeHead(behaviour.status ?? 200, {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(behaviour.rawBody)),
          });
          res.write(behaviour.rawBody.slice(0, behaviour.sendBytes));
          return;
        case 'truncate': {
          res.writeHead(behaviour.status ?? 200, {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(behaviour.rawBody)),
            ...behaviour.headers,
          });
          res.write(behaviour.rawBody.slice(0, behaviour.sendBytes));
          later(5, () => req.socket.destroy());
          return;
        }
        default:
          if (behaviour.delayMs) later(behaviour.delayMs, () => !res.destroyed && respond(res, behaviour));
          else respond(res, behaviour);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get rejected() {
      return rejected;
    },
    script(route, ...behaviours) {
      const queue = scripts.get(route) ?? [];
      queue.push(...behaviours);
      scripts.set(route, queue);
    },
    otherwise(behaviour) {
      fallback = behaviour;
    },
    requestsTo(route) {
      return requests.filter((r) => `${r.method} ${r.path}` === route);
    },
    reset() {
      requests.length = 0;
      scripts.clear();
      accepted = [];
      rejected = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A local port with nothing listening on it (a server was bound there and closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
