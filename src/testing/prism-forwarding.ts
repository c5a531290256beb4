/**
 * Forwarding to Prism: plain calls (answer read whole) and WebSocket upgrades (the inbox handshake,
 * which Prism checks against the contract and answers; nothing flows after it, Prism speaks no WebSocket).
 */
import { Agent, request as httpRequest, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { readAnswer, withoutHopByHop, type Answer } from './http-answer.js';

export interface PrismForwarder {
  /** Sends the call to Prism, with `prefer` as its Prefer header when given. */
  forward(req: IncomingMessage, raw: Buffer, prefer: string | undefined): Promise<Answer>;
  /** Sends an upgrade request to Prism and reads its answer (the socket Prism opens is closed at once). */
  forwardUpgrade(req: IncomingMessage): Promise<Answer>;
  close(): void;
}

export function createPrismForwarder(prismPort: number, proxy: boolean): PrismForwarder {
  const agent = new Agent({ keepAlive: true });
  const target = { host: '127.0.0.1', port: prismPort };
  const headersFor = (req: IncomingMessage): IncomingHttpHeaders => ({ ...withoutHopByHop(req.headers), host: `127.0.0.1:${prismPort}` });

  return {
    forward(req, raw, prefer) {
      const headers = headersFor(req);
      if (raw.length || !['GET', 'HEAD'].includes(req.method ?? 'GET')) headers['content-length'] = String(raw.length);
      if (prefer !== undefined) headers.prefer = prefer;
      // Prism forwards with node-fetch, which decompresses: ask the upstream for plain bodies.
      if (proxy) headers['accept-encoding'] = 'identity';
      const attempt = (retried: boolean): Promise<Answer> =>
        new Promise((resolve, reject) => {
          const upstream = httpRequest({ ...target, method: req.method, path: req.url, headers, agent }, (res) =>
            readAnswer(res).then(resolve, reject),
          );
          upstream.on('error', (error: NodeJS.ErrnoException) => {
            // A kept-alive socket that Prism closed as it was reused: the call never reached Prism, so it
            // is sent once more on a new socket. Not when proxying, where Prism talks to a real server.
            if (!retried && !proxy && upstream.reusedSocket && error.code === 'ECONNRESET') attempt(true).then(resolve, reject);
            else reject(error);
          });
          upstream.end(raw);
        });
      return attempt(false);
    },
    forwardUpgrade(req) {
      const headers = { ...headersFor(req), connection: 'Upgrade', upgrade: req.headers.upgrade ?? 'websocket' };
      return new Promise((resolve, reject) => {
        const upstream = httpRequest({ ...target, method: req.method, path: req.url, headers, agent: false });
        upstream.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 101, headers: res.headers, body: Buffer.alloc(0) });
        });
        upstream.on('response', (res) => readAnswer(res).then(resolve, reject));
        upstream.on('error', reject);
        upstream.end();
      });
    },
    close: () => agent.destroy(),
  };
}

/** The raw bytes that answer an upgrade request on its socket: the status line, headers and body. */
export function upgradeAnswerBytes(answer: Answer, upgrade: string | undefined): Buffer {
  const lines = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`];
  if (answer.status === 101) lines.push('Connection: Upgrade', `Upgrade: ${upgrade ?? 'websocket'}`);
  else lines.push('Connection: close', `Content-Length: ${answer.body.length}`);
  for (const [name, value] of Object.entries(withoutHopByHop(answer.headers)))
    for (const v of ([] as string[]).concat(value ?? [])) lines.push(`${name}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), answer.body]);
}
