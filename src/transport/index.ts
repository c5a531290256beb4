import { InventConfigError, type InventError, InventValidationError } from '../errors.js';
import { monotonicNow as now } from '../internal/clock.js';
import { withAuth } from './auth.js';
import type { PlatformFetch } from './attempt.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './body-limit.js';
import { createLog, isLogLevel, type Logger, type LogLevel } from './logger.js';
import { type ClientLimiter, createClientLimiter, type RateLimitOptions } from './rate-limit/index.js';
import { createRequestLoop, type RetryPolicy } from './retry.js';
import type { Send } from './types.js';

/** Fine-tuning of the waits between attempts. */
export interface RetryOptions {
  /** Ceiling of the first retry's random wait, doubled per retry (full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** The most one backoff wait may be. Default 8 s. */
  maxDelayMs?: number;
  /** The least any wait may be, so retries never spin. Default 50 ms. */
  minDelayMs?: number;
  /**
   * The most one call may spend waiting between attempts, Retry-After included. A retry whose wait
   * would go past it is not made: the call fails (a 429 with RateLimitError and its retryAfterMs).
   * Default 60 s.
   */
  budgetMs?: number;
}

/** Client options that shape how requests are sent. */
export interface TransportOptions {
  /**
   * A standard `fetch`, to run on another platform or to observe requests. It is called as
   * `fetch(request, { signal, redirect: 'manual' })`: the signal aborts the attempt (the caller's
   * signal or the timeout), and wins even when the function ignores it.
   */
  fetch?: (request: Request, init?: { signal: AbortSignal; redirect: 'manual' }) => Promise<Response>;
  /**
   * Extra `RequestInit` given to the platform `fetch` on every attempt: an undici `dispatcher` (a
   * proxy), `keepalive`, `cache`, ... (method, headers, body and signal are the SDK's). Not used with
   * a custom `fetch`.
   */
  fetchOptions?: Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'> & { [key: string]: unknown };
  /** Retries after a failure that is safe to repeat. Default 2; 0 turns retries off. Per call too. */
  maxRetries?: number;
  /**
   * Milliseconds one attempt may take (until the whole body is read) before a TimeoutError. Default
   * 60 000; 0 or Infinity for none. Per call too.
   */
  timeout?: number;
  /** Backoff and retry budget. */
  retry?: RetryOptions;
  /**
   * The most bytes a response body may have, counted decoded as it streams; the read stops there with
   * a ResponseTooLargeError. Default 64 MiB. Per call too.
   */
  maxResponseBytes?: number;
  /**
   * Client-side rate limiting from the limits in the contract (on by default, one budget per process
   * for per-IP limits). `false` turns it off.
   */
  rateLimit?: false | RateLimitOptions;
  /** A console-compatible logger. Logging is off unless a logger, `logLevel` or INVENT_LOG is given. */
  logger?: Logger;
  /** debug | info | warn | error | off. Defaults to INVENT_LOG, else `info` with a logger. */
  logLevel?: LogLevel;
}

export const DEFAULTS = {
  maxRetries: 2,
  timeoutMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  minDelayMs: 50,
  budgetMs: 60_000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
} as const;

function nonNegative(
  name: string,
  value: number | undefined,
  fallback: number,
  integer = false,
  Failure: typeof InventError = InventConfigError,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Failure(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

/**
 * The SDK's own fetch chain, passed to openapi-fetch: every attempt of every call goes through it.
 * Layers, outermost first: auth -> the attempt loop (rate-limit admission -> attempt with timeout ->
 * classify -> retry with backoff) -> the platform fetch.
 */
export function buildTransport(options: TransportOptions & { apiKey: string | undefined; baseUrl: string }): Send {
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) {
    throw new InventConfigError(`logLevel must be one of debug, info, warn, error, off; got ${String(options.logLevel)}`);
  }
  const policy: RetryPolicy = {
    maxRetries: nonNegative('maxRetries', options.maxRetries, DEFAULTS.maxRetries, true),
    timeoutMs: nonNegative('timeout', options.timeout, DEFAULTS.timeoutMs),
    baseDelayMs: nonNegative('retry.baseDelayMs', options.retry?.baseDelayMs, DEFAULTS.baseDelayMs),
    maxDelayMs: nonNegative('retry.maxDelayMs', options.retry?.maxDelayMs, DEFAULTS.maxDelayMs),
    minDelayMs: nonNegative('retry.minDelayMs', options.retry?.minDelayMs, DEFAULTS.minDelayMs),
    budgetMs: nonNegative('retry.budgetMs', options.retry?.budgetMs, DEFAULTS.budgetMs),
    maxResponseBytes: nonNegative('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes, true),
  };
  const log = createLog({ logger: options.logger, logLevel: options.logLevel, secrets: options.apiKey ? [options.apiKey] : [] });
  const limiter: ClientLimiter | undefined =
    options.rateLimit === false ? undefined : createClientLimiter(options.rateLimit ?? {}, options.baseUrl, log);
  // The platform fetch builds the attempt's only Request from the URL and init. A custom fetch gets a
  // Request built for the attempt (already `redirect: 'manual'`, with the signal) and the init; it may
  // ignore the signal, so its answer is raced against it.
  const custom = options.fetch;
  const fetchOptions = options.fetchOptions;
  const platformFetch: PlatformFetch = custom
    ? (request, init) => custom(request.toRequest(), init)
    : (request, init) => globalThis.fetch(request.url, request.initFor(init, fetchOptions));
  const loop = createRequestLoop({ fetch: platformFetch, raceSignal: custom !== undefined, policy, limiter, log, now });
  const checked: Send = (request, context) => {
    const { maxRetries, timeout, maxResponseBytes } = context.call;
    if (maxResponseBytes !== undefined) nonNegative('maxResponseBytes', maxResponseBytes, 0, true, InventValidationError);
    if (maxRetries !== undefined) nonNegative('maxRetries', maxRetries, 0, true, InventValidationError);
    if (timeout !== undefined) nonNegative('timeout', timeout, 0, false, InventValidationError);
    return loop(request, context);
  };
  return withAuth(checked, options.apiKey);
}

export type { CallOptions, CallState, RequestContext, Send } from './types.js';
export type { Logger, LogLevel } from './logger.js';
export type {
  RateLimitDelayEvent,
  RateLimitOptions,
  RateLimitStore,
  RateLimitWindow,
  AcquireResult,
  AcquireOptions,
  RateLimitGroupConfig,
  RateLimitGroupOverrides,
} from './rate-limit/index.js';
export { createMemoryStore, MemoryRateLimitStore } from './rate-limit/index.js';
