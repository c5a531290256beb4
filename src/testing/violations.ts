import { InventError } from '../errors.js';

/**
 * One way a request or a response broke the contract, as Prism reports it (its `sl-violations` header).
 * `location` starts with `request` or `response`: `['request', 'body', 'name']`, `['request', 'query', 'take']`.
 */
export interface ContractViolation {
  /** Where: `['request', 'body', 'name']`. */
  location: string[];
  /** `Error` breaks the contract; `Warning` and `Information` are advice (an unknown route in proxy mode, ...). */
  severity: 'Error' | 'Warning' | 'Information' | 'Hint' | string;
  /** The validator's code for the rule broken, when it gives one. */
  code?: string | number;
  /** What is wrong, in words. */
  message: string;
}

/** The header the mock (and the validating proxy) sets to a JSON array of ContractViolation on any call that had some. */
export const VIOLATIONS_HEADER = 'x-invent-contract-violations';

/** Reads Prism's `sl-violations` header (or the mock's own). Prism truncates very long lists: the rest is kept as one message. */
export function parseViolations(header: string | null | undefined): ContractViolation[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    if (Array.isArray(parsed)) {
      return parsed.map((v: Record<string, unknown>) => ({
        location: Array.isArray(v.location) ? v.location.map(String) : [],
        severity: typeof v.severity === 'string' ? v.severity : 'Error',
        ...(v.code !== undefined ? { code: v.code as string | number } : {}),
        message: String(v.message ?? ''),
      }));
    }
  } catch {
    // fall through: not JSON (Prism's "Too many violations! ..." form)
  }
  return [{ location: [], severity: 'Error', message: header.slice(0, 2000) }];
}

/** Violations that make the request itself invalid (what Prism refuses to answer normally). */
export function requestErrors(violations: readonly ContractViolation[]): ContractViolation[] {
  return violations.filter((v) => v.severity === 'Error' && v.location[0] === 'request');
}

/** `request.body.name: Request body property name must NOT have more than 1024 characters`. */
export function formatViolation(v: ContractViolation): string {
  const where = v.location.join('.');
  return where ? `${where}: ${v.message}` : v.message;
}

/**
 * A call the Invent mock refused because the request broke the contract (openapi.json): a missing or
 * extra body field, a value out of range, an unknown path, no bearer token. The message lists Prism's
 * violations, one a line, so a failing test shows what the code under test sent wrong.
 *
 * Thrown by the client of `startInventMock()` (raw calls included) and by `mock.expectNoViolations()`.
 */
export class ContractViolationError extends InventError {
  static override readonly errorName: string = 'ContractViolationError';
  /** Every violation found. */
  readonly violations: ContractViolation[];
  /** `POST /orgs/c/assistants`. */
  readonly request: string;
  /** The status the mock answered with (400, 401, 404 or 422), when the error comes from a call. */
  readonly status: number | undefined;

  /** `lines` replaces the default one-line-per-violation listing (`expectNoViolations()` names each call). */
  constructor(init: { violations: ContractViolation[]; request: string; status?: number; lines?: string[] }) {
    const lines = (init.lines ?? init.violations.map(formatViolation)).map((line) => `  - ${line}`).join('\n');
    super(`${init.request} broke the Invent contract${init.status ? ` (the mock answered ${init.status})` : ''}:\n${lines}`);
    this.violations = init.violations;
    this.request = init.request;
    this.status = init.status;
  }
}
