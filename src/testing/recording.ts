/** Recording and violations: every call the mock receives, matched to its operation, and how it broke the contract. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { jsonBuffer, type Answer } from './http-answer.js';
import type { RouteTable } from './routes.js';
import { formatViolation, parseViolations, requestErrors, type ContractViolation } from './violations.js';

/** One call the mock received, as `mock.requests` (and `GET /__invent/requests`) give it. */
export interface RecordedRequest {
  /** `GET`, `POST`, ... */
  method: string;
  /** The path called, without the query: `/orgs/c/contacts`. */
  path: string;
  /** The contract operation it matched, as `METHOD /path/template` (`GET /orgs/{org_id}/contacts`), if any. */
  operation: string | undefined;
  /** That operation's path template: `/orgs/{org_id}/contacts`. */
  route: string | undefined;
  /** That operation's operationId in the contract, for information only (contracts rename them). */
  operationId: string | undefined;
  /** Query parameters (a repeated one as an array). */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization` and `cookie` values are redacted (`Bearer [redacted]`). */
  headers: Record<string, string>;
  /** The body: parsed JSON, form fields (files as `{ name, type, size }`), text, or undefined when empty. */
  body: unknown;
  /** The status answered; `0` when a scenario dropped the connection, undefined while in flight. */
  status: number | undefined;
  /** How the call (and in proxy mode the upstream's answer) broke the contract; empty when it did not. */
  violations: ContractViolation[];
  /** The name of the scenario that answered, if one did (`'(unnamed)'` for a scenario without a name). */
  scenario: string | undefined;
}

const MAX_HEADER = 8 * 1024 - 100;

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function redactedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization')
      out[name] = text.replace(/^(\S+\s+)?.*$/s, (_, scheme: string | undefined) => `${scheme ?? ''}[redacted]`);
    else if (name === 'cookie') out[name] = '[redacted]';
    else out[name] = text;
  }
  return out;
}

/** A request body as a test wants to read it: JSON, form fields, or text. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (/[/+]json\b/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('multipart/form-data')) {
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType! } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form) {
        fields[name] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size };
      }
      return fields;
    } catch {
      return text;
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

/** The calls received, oldest first. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly routes: RouteTable) {}

  /** Adds a received request, matched to its operation; status and violations come later. */
  record(req: IncomingMessage, url: URL, body: unknown): RecordedRequest {
    const method = (req.method ?? 'GET').toUpperCase();
    const route = this.routes.resolve(method, url.pathname);
    const entry: RecordedRequest = {
      method,
      path: url.pathname,
      operation: route ? `${method} ${route.path}` : undefined,
      route: route?.path,
      operationId: route?.operationId,
      query: queryOf(url),
      headers: redactedHeaders(req.headers),
      body,
      status: undefined,
      violations: [],
      scenario: undefined,
    };
    this.requests.push(entry);
    return entry;
  }

  clear(): void {
    this.requests.length = 0;
  }
}

/** Reads the violations out of Prism's answers, and makes the refusals and headers that report them. */
export class ViolationReader {
  constructor(
    private readonly routes: RouteTable,
    private readonly mode: { proxy: boolean; validateRequest: boolean },
  ) {}

  /** Violations in Prism's answer, plus an unknown route (Prism's 404/405) when requests are validated. */
  of(answer: Answer, entry: RecordedRequest): ContractViolation[] {
    const violations = parseViolations(answer.headers['sl-violations'] as string | undefined).map((v) =>
      v.code === 401 && !this.mode.proxy ? { ...v, message: `${v.message}: send \`Authorization: Bearer <any key>\`` } : v,
    );
    if (!this.mode.proxy && this.mode.validateRequest && !entry.route) {
      const wrongMethod = this.routes.hasPath(entry.path);
      violations.push({
        location: ['request', wrongMethod ? 'method' : 'path'],
        severity: 'Error',
        code: wrongMethod ? 'NO_METHOD_MATCHED_ERROR' : 'NO_PATH_MATCHED_ERROR',
        message: wrongMethod
          ? `the contract has no ${entry.method} operation on ${entry.path}`
          : `the contract has no operation at ${entry.path}`,
      });
    }
    return violations;
  }

  /**
   * Records the answer's violations on the entry; when they make the mock refuse the call, returns the
   * refusal (the contract's error shape, listing them). Proxy mode never refuses: it reports.
   */
  refusal(answer: Answer, entry: RecordedRequest): Answer | undefined {
    entry.violations = this.of(answer, entry);
    const errors = requestErrors(entry.violations);
    if (this.mode.proxy || errors.length === 0 || answer.status < 400) return undefined;
    const body = {
      statusCode: answer.status,
      message: errors.map(formatViolation),
      code: 'CONTRACT_VIOLATION',
      violations: entry.violations,
    };
    return { status: answer.status, headers: { ...answer.headers, 'content-type': 'application/json' }, body: jsonBuffer(body) };
  }
}

/** The violations as a header value, summed up when the list is too long for a header. */
export function violationsHeader(violations: ContractViolation[]): string {
  const value = JSON.stringify(violations);
  return value.length > MAX_HEADER
    ? JSON.stringify([
        {
          location: [],
          severity: 'Error',
          message: `${violations.length} violations (too many for a header): ${violations.slice(0, 3).map(formatViolation).join('; ')}`,
        },
      ])
    : value;
}
