/**
 * A RateLimitStore on Redis, so that many processes (workers behind one NAT address, containers
 * draining one queue) share one budget: `createInvent({ rateLimit: { store: redisStore(redis) } })`.
 *
 * Same model and contract as the in-memory store (../transport/rate-limit/store.ts): in-flight slots,
 * stamping at release, pauses, and slots of dead processes counted as released `holdMs` after they
 * were taken. Each operation is one Lua script (./script.ts) run atomically on Redis's clock, sent as
 * EVALSHA with an EVAL fallback when Redis answers NOSCRIPT (a restart, a SCRIPT FLUSH, a failover).
 *
 * When Redis cannot be reached (an error, or no answer within `timeoutMs`), the `onUnavailable` policy
 * applies: 'local' (the default) admits calls through a local in-memory limiter, 'fail' refuses them
 * with RateLimitStoreUnavailableError. The change is reported once per outage (logger and
 * `onStateChange`). While Redis is down no call waits for it: the first call that finds no check under
 * way sends one PING and waits for it briefly (so a refused connection or a Redis that is back is known
 * at once); every other call goes straight to the policy. When a PING or a command succeeds, calls use
 * Redis again.
 *
 * The SDK never imports a Redis library: the store takes the client the user created (./client.ts).
 */
import { InventConfigError, InventError } from '../errors.js';
import { epochNow } from '../internal/clock.js';
import { withTimeout } from '../internal/timeout.js';
import { createLog, type Log, type Logger, type LogLevel } from '../transport/logger.js';
import { MemoryRateLimitStore } from '../transport/rate-limit/memory-store.js';
import type { AcquireOptions, AcquireResult, RateLimitStore, RateLimitWindow } from '../transport/rate-limit/store.js';
import { commandSender, type RedisClientLike, type SendCommand } from './client.js';
import { RATE_LIMIT_SCRIPT } from './script.js';

/** What the store does while Redis cannot be reached. */
export type RedisUnavailablePolicy = 'local' | 'fail';

/** Told when Redis becomes unreachable, and when it answers again. */
export interface RedisStoreStateEvent {
  /** False when Redis just failed (error or timeout), true when it answers again. */
  readonly available: boolean;
  /** The policy in force while it is unavailable. */
  readonly policy: RedisUnavailablePolicy;
  /** Why Redis is considered unavailable. */
  readonly error?: unknown;
}

export interface RedisStoreOptions {
  /**
   * Put before every key. Default `'{invent-sdk}:'`: the braces are a Redis Cluster hash tag, so the
   * keys one call touches are on one shard. Processes share a budget when they use the same prefix
   * (and the same API host).
   */
  prefix?: string;
  /**
   * While Redis cannot be reached: `'local'` (default) admits calls through an in-memory limiter of
   * this process (every process then applies the full limit on its own: together they can exceed the
   * shared budget, and the API answers the excess with 429, which the SDK retries), or `'fail'`:
   * calls fail at once with RateLimitStoreUnavailableError, and nothing is sent.
   */
  onUnavailable?: RedisUnavailablePolicy;
  /** Milliseconds a Redis command may take before Redis counts as unavailable. Default 1000. */
  timeoutMs?: number;
  /**
   * The share of each limit the local fallback allows, in (0, 1]: with ten processes, `0.1` keeps
   * their sum within the budget during an outage. Default 1.
   */
  localShare?: number;
  /**
   * Where the outage warning and the recovery notice go (console-compatible; pass your client's
   * logger). Default: the console. `logLevel: 'off'` (or INVENT_LOG=off) silences them.
   */
  logger?: Logger;
  /** The least severe level logged: the outage warning is `warn`, the recovery notice `info`. Default: INVENT_LOG, else `'info'`. */
  logLevel?: LogLevel;
  /** Called when Redis becomes unavailable and when it answers again (once per change). */
  onStateChange?: (event: RedisStoreStateEvent) => void;
}

/** Redis could not be reached and the store's policy is `onUnavailable: 'fail'`: the request was not sent. */
export class RateLimitStoreUnavailableError extends InventError {
  static override readonly errorName: string = 'RateLimitStoreUnavailableError';
}

/** A slot never released counts as released this long after it was taken, when the call has no timeout. */
const DEFAULT_HOLD_MS = 10 * 60_000;
/** How long the call that starts a check of a down Redis waits for its answer before going on without it. */
const PROBE_WAIT_MS = 50;
const LOCAL = 'local:';
const DEFAULT_PREFIX = '{invent-sdk}:';

function ignore(): void {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function randomId(): string {
  const uuid = (globalThis.crypto as { randomUUID?: () => string } | undefined)?.randomUUID?.();
  return uuid ?? `${epochNow().toString(36)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** The SHA-1 of the script (what EVALSHA names it by), or undefined where Web Crypto is missing. */
let scriptSha: Promise<string | undefined> | undefined;
function shaOfScript(): Promise<string | undefined> {
  scriptSha ??= (async () => {
    const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
    if (!subtle) return undefined;
    const digest = await subtle.digest('SHA-1', new TextEncoder().encode(RATE_LIMIT_SCRIPT));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  })().catch(() => undefined);
  return scriptSha;
}

/**
 * The local fallback, one per prefix in the process: every store of the process that shares a budget
 * in Redis also shares it while Redis is away (as the default in-memory store is shared).
 */
const localStores = new Map<string, MemoryRateLimitStore>();
function localStoreFor(prefix: string): MemoryRateLimitStore {
  let store = localStores.get(prefix);
  if (!store) {
    store = new MemoryRateLimitStore();
    localStores.set(prefix, store);
  }
  return store;
}

function parseAcquire(reply: unknown, windows: readonly RateLimitWindow[], lease: string): AcquireResult {
  if (Array.isArray(reply)) {
    if (Number(reply[0]) === 1) return { ok: true, lease };
    const window = windows[Number(reply[1]) - 1];
    const retryInMs = Number(reply[2]);
    if (window && Number.isFinite(retryInMs)) return { ok: false, key: window.key, retryInMs };
  }
  throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
}

export class RedisRateLimitStore implements RateLimitStore {
  /** The prefix put before every key (`options.prefix`, default `'{invent-sdk}:'`). */
  readonly prefix: string;
  /** What the store does while Redis cannot be reached (`options.onUnavailable`, default `'local'`). */
  readonly policy: RedisUnavailablePolicy;
  private readonly send: SendCommand;
  private readonly timeoutMs: number;
  private readonly localShare: number;
  private readonly local: MemoryRateLimitStore;
  private readonly log: Log;
  private readonly onStateChange: ((event: RedisStoreStateEvent) => void) | undefined;
  private readonly id = randomId();
  private seq = 0;
  /** Whether calls go to Redis (false while it is down, until a check or a command succeeds). */
  private up = true;
  /** Whether the last command Redis ran succeeded: what outage and recovery are reported from. */
  private healthy = true;
  private probing = false;
  private lastError: unknown;

  constructor(client: RedisClientLike, options: RedisStoreOptions = {}) {
    this.send = commandSender(client);
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    if (typeof this.prefix !== 'string') throw new InventConfigError(`redisStore prefix must be a string, got ${String(this.prefix)}`);
    this.policy = options.onUnavailable ?? 'local';
    if (this.policy !== 'local' && this.policy !== 'fail')
      throw new InventConfigError(`redisStore onUnavailable must be 'local' or 'fail', got ${String(this.policy)}`);
    this.timeoutMs = options.timeoutMs ?? 1000;
    if (typeof this.timeoutMs !== 'number' || !(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new InventConfigError(`redisStore timeoutMs must be a positive number, got ${String(options.timeoutMs)}`);
    }
    this.localShare = options.localShare ?? 1;
    if (typeof this.localShare !== 'number' || !(this.localShare > 0 && this.localShare <= 1)) {
      throw new InventConfigError(`redisStore localShare must be in (0, 1], got ${String(options.localShare)}`);
    }
    this.local = localStoreFor(this.prefix);
    this.log = createLog({ logger: options.logger ?? (typeof console !== 'undefined' ? console : undefined), logLevel: options.logLevel });
    this.onStateChange = options.onStateChange;
  }

  /** False from a failed Redis command until Redis answers again. */
  get available(): boolean {
    return this.healthy;
  }

  async acquire(windows: readonly RateLimitWindow[], options: AcquireOptions): Promise<AcquireResult> {
    if (await this.usable()) {
      const lease = `${this.id}:${(++this.seq).toString(36)}`;
      const keys: string[] = [];
      const args = ['acquire', lease, String(holdOf(options?.holdMs))];
      for (const window of windows) {
        keys.push(this.prefix + window.key, `${this.prefix}${window.key}:meta`);
        args.push(String(window.limit), String(window.windowMs));
      }
      try {
        const result = parseAcquire(await this.script(keys, args), windows, lease);
        this.succeeded();
        return result;
      } catch (error) {
        this.failed(error);
        // The script may still run once Redis gets to it (a queued or hung command): take the slot
        // back behind it, so it does not count against everyone for holdMs.
        for (let i = 0; i < keys.length; i += 2) this.command(['ZREM', keys[i]!, lease]).catch(ignore);
      }
    }
    if (this.policy === 'fail') {
      throw new RateLimitStoreUnavailableError(
        `the Redis rate-limit store is unavailable (${describe(this.lastError)}); the request was not sent, as onUnavailable is 'fail'`,
        { cause: this.lastError },
      );
    }
    const result = await this.local.acquire(this.localWindows(windows), options);
    return result.ok ? { ok: true, lease: LOCAL + result.lease } : result;
  }

  async release(lease: string, windows: readonly RateLimitWindow[]): Promise<void> {
    if (lease.startsWith(LOCAL)) return this.local.release(lease.slice(LOCAL.length), this.localWindows(windows));
    // Redis down: the slot stays in flight there and counts as released holdMs after it was taken.
    if (!(await this.usable())) return;
    const keys: string[] = [];
    const args = ['release', lease];
    for (const window of windows) {
      keys.push(this.prefix + window.key, `${this.prefix}${window.key}:meta`);
      args.push(String(window.windowMs));
    }
    try {
      await this.script(keys, args);
      this.succeeded();
    } catch (error) {
      this.failed(error);
    }
  }

  async pause(key: string, durationMs: number): Promise<void> {
    // The local fallback learns every pause too, so an outage right after a 429 still honours it.
    await this.local.pause(key, durationMs);
    if (!(await this.usable())) return;
    try {
      await this.script([this.prefix + key, `${this.prefix}${key}:meta`], ['pause', String(Math.max(0, Math.ceil(durationMs)))]);
      this.succeeded();
    } catch (error) {
      this.failed(error);
    }
  }

  private localWindows(windows: readonly RateLimitWindow[]): readonly RateLimitWindow[] {
    if (this.localShare === 1) return windows;
    return windows.map((w) => ({ key: w.key, windowMs: w.windowMs, limit: Math.max(1, Math.floor(w.limit * this.localShare)) }));
  }

  /** Whether this call should use Redis: yes while it is up; while it is down, only if a quick check says it is back. */
  private usable(): boolean | Promise<boolean> {
    if (this.up) return true;
    if (this.probing) return false;
    this.probing = true;
    const probe = this.command(['PING']).then(
      () => {
        this.up = true;
        return true;
      },
      (error: unknown) => {
        this.lastError = error;
        return false;
      },
    );
    void probe.finally(() => {
      this.probing = false;
    });
    // The check goes on in the background; this call waits for it only briefly.
    return withTimeout(probe, Math.min(PROBE_WAIT_MS, this.timeoutMs), () => new Error('no answer to PING yet')).catch(() => false);
  }

  private succeeded(): void {
    this.up = true;
    if (this.healthy) return;
    this.healthy = true;
    this.log.info('Redis rate-limit store is reachable again: calls use the shared budget again', { prefix: this.prefix });
    this.report({ available: true, policy: this.policy });
  }

  private failed(error: unknown): void {
    this.up = false;
    this.lastError = error;
    if (!this.healthy) return;
    this.healthy = false;
    const consequence =
      this.policy === 'local'
        ? 'admitting calls through a local limiter of this process only (processes sharing the budget may exceed it together)'
        : "failing calls with RateLimitStoreUnavailableError (onUnavailable: 'fail')";
    this.log.warn(`Redis rate-limit store is unavailable (${describe(error)}): ${consequence} until Redis answers again`, {
      prefix: this.prefix,
      policy: this.policy,
    });
    this.report({ available: false, policy: this.policy, error });
  }

  private report(event: RedisStoreStateEvent): void {
    try {
      this.onStateChange?.(event);
    } catch {
      // A throwing hook must not fail a call.
    }
  }

  /** One command, bounded by `timeoutMs`. */
  private command(args: string[]): Promise<unknown> {
    let sent: Promise<unknown>;
    try {
      sent = Promise.resolve(this.send(args));
    } catch (error) {
      return Promise.reject(error);
    }
    const ms = this.timeoutMs;
    return withTimeout(sent, ms, () => new Error(`Redis did not answer ${args[0]} within ${ms} ms`));
  }

  /** Runs the script by its SHA, sending its text only when Redis does not have it (NOSCRIPT). */
  private async script(keys: string[], args: string[]): Promise<unknown> {
    const sha = await shaOfScript();
    if (sha) {
      try {
        return await this.command(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
      } catch (error) {
        if (!isNoScript(error)) throw error;
      }
    }
    return this.command(['EVAL', RATE_LIMIT_SCRIPT, String(keys.length), ...keys, ...args]);
  }
}

function holdOf(holdMs: number | undefined): number {
  return typeof holdMs === 'number' && Number.isFinite(holdMs) && holdMs > 0 ? Math.ceil(holdMs) : DEFAULT_HOLD_MS;
}

/**
 * A rate-limit store on Redis, shared by every process that uses the same Redis and prefix:
 *
 *   import Redis from 'ioredis';
 *   import { redisStore } from 'invent-sdk/redis';
 *   const invent = createInvent({ rateLimit: { store: redisStore(new Redis(process.env.REDIS_URL)) } });
 *
 * Create one store per process and client connection and share it between clients.
 */
export function redisStore(client: RedisClientLike, options?: RedisStoreOptions): RedisRateLimitStore {
  return new RedisRateLimitStore(client, options);
}
