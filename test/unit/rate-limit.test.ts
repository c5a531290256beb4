import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { groupToPause, resolveGroups, UNIVERSAL_GROUPS, WindowResolver } from '../../src/transport/rate-limit/groups.js';
import { Limiter, type LimiterWindow } from '../../src/transport/rate-limit/limiter.js';
import { MemoryRateLimitStore } from '../../src/transport/rate-limit/memory-store.js';
import { operations, rateLimitGroups } from '../../generated/operations.js';
import { InventConfigError } from '../../src/errors.js';

const windowOf = (key: string, limit: number, windowMs: number): LimiterWindow => ({ group: key, key, limit, windowMs });

describe('MemoryRateLimitStore', () => {
  let clock = 0;
  const store = () => new MemoryRateLimitStore({ now: () => clock });
  beforeEach(() => {
    clock = 0;
  });

  it('admits up to the limit, then says when the oldest released slot ages out', async () => {
    const s = store();
    const w = [windowOf('k', 3, 1000)];
    const leases: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock = i * 10;
      const r = await s.acquire(w, { holdMs: 1 });
      expect(r.ok).toBe(true);
      if (r.ok) leases.push(r.lease);
    }
    // All three in flight: nothing can free before a full window from now.
    expect(await s.acquire(w, { holdMs: 1 })).toEqual({ ok: false, key: 'k', retryInMs: 1000 });
    clock = 100;
    await s.release(leases[1]!, w);
    clock = 150;
    await s.release(leases[0]!, w);
    // The first released slot (at 100) counts until 1100.
    expect(await s.acquire(w, { holdMs: 1 })).toEqual({ ok: false, key: 'k', retryInMs: 950 });
    clock = 1099;
    expect((await s.acquire(w, { holdMs: 1 })).ok).toBe(false);
    clock = 1100;
    expect((await s.acquire(w, { holdMs: 1 })).ok).toBe(true);
  });

  it('takes all windows or none', async () => {
    const s = store();
    const wide = windowOf('general', 10, 1000);
    const narrow = windowOf('send', 1, 1000);
    expect((await s.acquire([wide, narrow], { holdMs: 1 })).ok).toBe(true);
    expect(await s.acquire([wide, narrow], { holdMs: 1 })).toMatchObject({ ok: false, key: 'send' });
    // The refused request took nothing from the wide window: 9 more fit.
    for (let i = 0; i < 9; i++) expect((await s.acquire([wide], { holdMs: 1 })).ok).toBe(true);
    expect((await s.acquire([wide], { holdMs: 1 })).ok).toBe(false);
  });

  it('refuses a paused key until the pause ends, and never shortens a pause', async () => {
    const s = store();
    const w = [windowOf('k', 100, 1000)];
    await s.pause('k', 500);
    await s.pause('k', 100);
    expect(await s.acquire(w, { holdMs: 1 })).toEqual({ ok: false, key: 'k', retryInMs: 500 });
    clock = 500;
    expect((await s.acquire(w, { holdMs: 1 })).ok).toBe(true);
  });

  it('ignores unknown and repeated releases', async () => {
    const s = store();
    const w = [windowOf('k', 1, 1000)];
    const r = await s.acquire(w, { holdMs: 1 });
    await s.release('nope', w);
    expect((await s.acquire(w, { holdMs: 1 })).ok).toBe(false);
    if (r.ok) {
      await s.release(r.lease, w);
      await s.release(r.lease, w);
    }
    clock = 1000;
    expect((await s.acquire(w, { holdMs: 1 })).ok).toBe(true);
  });
});

describe('Limiter (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const newLimiter = () => new Limiter(new MemoryRateLimitStore({ now: () => Date.now() }));

  it('no window of any start time ever holds more than the limit, whatever the latencies', async () => {
    const limit = 7;
    const windowMs = 1000;
    const limiter = newLimiter();
    const w = [windowOf('k', limit, windowMs)];
    const spans: Array<{ sent: number; released: number }> = [];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 120; i++) {
      calls.push(
        (async () => {
          await vi.advanceTimersByTimeAsync(Math.floor(random() * 60));
          const lease = await limiter.acquire(w, { holdMs: 60_000 });
          const span = { sent: Date.now(), released: Infinity };
          spans.push(span);
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
          span.released = Date.now();
          lease.release();
        })(),
      );
    }
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(spans).toHaveLength(120);
    // A request arrives at the server somewhere in [sent, released]. For every window [t, t + W), count
    // the requests that could have arrived in it (their span meets it): never more than the limit.
    for (const t of spans.flatMap((s) => [s.sent, s.released])) {
      const meeting = spans.filter((s) => s.sent < t + windowMs && s.released >= t).length;
      expect(meeting).toBeLessThanOrEqual(limit);
    }
  });

  it('makes a burst wait, in order, and reports the delay once per request', async () => {
    const limiter = newLimiter();
    const w = [windowOf('k', 2, 1000)];
    const admitted: Array<[number, number]> = [];
    const delays: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) =>
      limiter.acquire(w, { holdMs: 1, onDelay: ({ delayMs }) => delays.push(delayMs) }).then((lease) => {
        admitted.push([i, Date.now()]);
        lease.release();
      }),
    );
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(admitted).toEqual([
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 1000],
      [4, 2000],
    ]);
    expect(delays).toEqual([1000, 1000, 1000]);
  });

  it('does not hold a request behind others that wait for a different key', async () => {
    const limiter = newLimiter();
    const narrow = [windowOf('general', 100, 1000), windowOf('send', 1, 1000)];
    const wide = [windowOf('general', 100, 1000)];
    const first = await limiter.acquire(narrow, { holdMs: 1 });
    const blocked = limiter.acquire(narrow, { holdMs: 1 });
    let admittedAt = -1;
    await limiter.acquire(wide, { holdMs: 1 }).then(() => (admittedAt = Date.now()));
    expect(admittedAt).toBe(0);
    first.release();
    await vi.advanceTimersByTimeAsync(1000);
    await blocked;
    expect(Date.now()).toBe(1000);
  });

  it('leaves the queue at once when aborted, and keeps serving the others', async () => {
    const limiter = newLimiter();
    const w = [windowOf('k', 1, 1000)];
    (await limiter.acquire(w, { holdMs: 1 })).release();
    const controller = new AbortController();
    const aborted = limiter.acquire(w, { holdMs: 1, signal: controller.signal });
    const next = limiter.acquire(w, { holdMs: 1 });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(limiter.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(990);
    await expect(next).resolves.toBeDefined();
    expect(Date.now()).toBe(1000);
  });

  it('holds every waiter of a paused key until the pause ends', async () => {
    const limiter = newLimiter();
    const w = [windowOf('k', 100, 1000)];
    await limiter.store.pause('k', 700);
    const times: number[] = [];
    const waiting = [1, 2, 3].map(() => limiter.acquire(w, { holdMs: 1 }).then(() => times.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(waiting);
    expect(times).toEqual([700, 700, 700]);
  });
});

describe('groups from the generated data', () => {
  it('counts a call outside the contract against the groups every operation shares', () => {
    const everywhere = Object.keys(rateLimitGroups).filter((g) =>
      Object.values(operations).every((op) => (op.rateLimits as readonly string[]).includes(g)),
    );
    expect(UNIVERSAL_GROUPS).toEqual(everywhere);
  });

  it('pauses the most specific group of a call after a 429', () => {
    const configs = resolveGroups();
    expect(groupToPause(operations['POST /orgs/{org_id}/assistants'].rateLimits, configs)).toBe('assistant-create');
    expect(groupToPause(operations['POST /orgs/{org_id}/broadcasts/{broadcast_id}/send'].rateLimits, configs)).toBe('broadcast-send');
    expect(groupToPause(operations['GET /orgs/{org_id}/assistants'].rateLimits, configs)).toBe(
      operations['GET /orgs/{org_id}/assistants'].rateLimits[0],
    );
  });

  it('keys org-scoped groups by organization and everything else by API host', () => {
    const resolver = new WindowResolver(resolveGroups(), 'invent:api.example:');
    const windows = resolver.windowsFor('assistants.create', operations['POST /orgs/{org_id}/assistants'], 'org_1');
    for (const window of windows) {
      const group = rateLimitGroups[window.group as keyof typeof rateLimitGroups];
      expect(window.limit).toBe(group.limit);
      expect(window.windowMs).toBe(group.windowSeconds * 1000);
      expect(window.key).toBe(
        'scope' in group && group.scope === 'org' ? `invent:api.example:${window.group}:org:org_1` : `invent:api.example:${window.group}`,
      );
    }
    expect(windows.map((w) => w.group)).toEqual(operations['POST /orgs/{org_id}/assistants'].rateLimits);
  });

  it('applies overrides, turns groups off, and refuses nonsense', () => {
    const configs = resolveGroups({ general: { limit: 5 }, 'broadcast-send': false, extra: { limit: 1, windowSeconds: 0.5 } });
    expect(configs.general).toMatchObject({ limit: 5, windowSeconds: rateLimitGroups.general.windowSeconds });
    expect(configs['broadcast-send']).toBeUndefined();
    expect(configs.extra).toEqual({ limit: 1, windowSeconds: 0.5 });
    expect(() => resolveGroups({ general: { limit: 0 } })).toThrow(InventConfigError);
    expect(() => resolveGroups({ brandNew: { limit: 3 } })).toThrow(/windowSeconds/);
  });
});
