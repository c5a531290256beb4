/**
 * Logging for the request path. Off unless the client has a `logger`, a `logLevel`, or the
 * `INVENT_LOG` environment variable (debug | info | warn | error | off, read where the runtime
 * allows it). A given logger defaults to `info`; INVENT_LOG alone logs to the console.
 *
 * What is logged: method, path template and final path (never the query string, which can carry
 * personal data), status, attempt, duration, request id, retry decisions and limiter delays. Headers
 * are never logged; every line and field is scrubbed of the API key and of secret-looking fields as a
 * second line of defence.
 *
 *   debug  every attempt and its answer, limiter admissions
 *   info   retries (with the reason and the wait), limiter delays, 429 pauses
 *   warn   a call that may have been applied and was not retried, a call that gave up
 */
import { readEnv } from '../env.js';

/** A console-compatible logger. */
export interface Logger {
  /** Every attempt and its answer, limiter admissions. */
  debug(message: string, ...rest: unknown[]): void;
  /** Retries (with the reason and the wait), limiter delays, 429 pauses. */
  info(message: string, ...rest: unknown[]): void;
  /** A call that may have been applied and was not retried, a call that gave up. */
  warn(message: string, ...rest: unknown[]): void;
  /** Errors (part of the console-compatible shape; the request path reports failures by throwing). */
  error(message: string, ...rest: unknown[]): void;
}

/** How much the SDK logs: `debug` (most), `info`, `warn`, `error`, or `off`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

function envLevel(): LogLevel | undefined {
  const value = readEnv('INVENT_LOG')?.trim().toLowerCase();
  return isLogLevel(value) ? value : undefined;
}

export type LogFields = Record<string, string | number | boolean | undefined | null>;

/** The SDK's logging handle: one method per level, each a no-op below the level. */
export interface Log {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SECRET_FIELD = /authorization|api[-_]?key|token|secret|password|cookie/i;
const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in a text. Secrets shorter than 4 characters are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
}

export interface LogOptions {
  logger?: Logger;
  logLevel?: LogLevel;
  /** Strings that must never be written (the API key). */
  secrets?: readonly string[];
}

export function createLog(options: LogOptions = {}): Log {
  const level: LogLevel = options.logLevel ?? envLevel() ?? (options.logger ? 'info' : 'off');
  const sink: Logger | undefined = options.logger ?? (level !== 'off' && typeof console !== 'undefined' ? console : undefined);
  const secrets = options.secrets?.filter((s): s is string => typeof s === 'string' && s.length > 0) ?? [];
  const threshold = RANK[level];

  function write(at: Exclude<LogLevel, 'off'>, message: string, fields?: LogFields): void {
    if (!sink || RANK[at] < threshold) return;
    const clean: Record<string, unknown> = {};
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        clean[key] = SECRET_FIELD.test(key) ? REDACTED : typeof value === 'string' ? redact(value, secrets) : value;
      }
    }
    try {
      sink[at](`[invent-sdk] ${redact(message, secrets)}`, clean);
    } catch {
      // A failing logger must never fail a request.
    }
  }

  return {
    level,
    enabled: (at) => sink !== undefined && RANK[at] >= threshold,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
