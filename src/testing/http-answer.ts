/** The small HTTP pieces every part of the mock shares: an answer, its body, and the headers no hop may pass on. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** An HTTP answer, fully read: what Prism gave, what a scenario scripts, what the stateful fake builds. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Headers that describe one connection, not the message: never relayed from one hop to the next. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'content-length'];

/** A copy of `headers` without the hop-by-hop ones. */
/** The CORS headers Prism's own answers carry (it runs with CORS on). */
export const CORS_HEADERS: IncomingHttpHeaders = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };

export function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/** Header names in lower case, as node gives them. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

export function jsonBuffer(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function jsonAnswer(status: number, body: unknown, headers: IncomingHttpHeaders = {}): Answer {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: jsonBuffer(body) };
}

/** Reads a message to its end. */
export function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
    res.on('error', reject);
  });
}

/** A query parameter that must be a positive integer (`page`, `take`), else undefined. */
export function positiveInt(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** The JSON body of an answer, or undefined when it has none or it is not JSON. */
export function parsedJson(answer: Answer): unknown {
  if (!String(answer.headers['content-type'] ?? '').includes('json') || answer.body.length === 0) return undefined;
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
