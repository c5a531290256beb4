import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InventConfigError, InventValidationError } from '../../src/errors.js';
import { connectInbox, inboxSocketUrl } from '../../src/inbox/index.js';
import { dedupKey, parseFrame, parseTime } from '../../src/inbox/events.js';
import { EventQueue } from '../../src/inbox/queue.js';

const run = promisify(execFile);
const deps = { baseUrl: 'https://api.useinvent.com', apiKey: 'k', orgId: 'c', listInboxChats: async () => ({ items: [] }) };

describe('inbox event parsing (the SDK model of an undocumented stream)', () => {
  it('accepts the known types with only their ids, and passes unknown fields through', () => {
    const frame = parseFrame(
      JSON.stringify({ type: 'message', chat_id: 'chat_1', message: { id: 'msg_1', text: 'Hi', sender: { kind: 'contact' } }, extra: [1] }),
    );
    expect(frame).toEqual({
      kind: 'event',
      event: { type: 'message', chat_id: 'chat_1', message: { id: 'msg_1', text: 'Hi', sender: { kind: 'contact' } }, extra: [1] },
    });
    for (const event of [
      { type: 'message.updated', chat_id: 'c', message: { id: 'm' } },
      { type: 'message.deleted', chat_id: 'c', message_id: 'm' },
      { type: 'chat.created', chat: { id: 'c' } },
      { type: 'chat.updated', chat: { id: 'c', status: 'RESOLVED' } },
      { type: 'chat.deleted', chat_id: 'c' },
      { type: 'typing', chat_id: 'c' },
    ]) {
      expect(parseFrame(JSON.stringify(event))).toEqual({ kind: 'event', event });
    }
  });

  it('sorts bad frames into invalid JSON, invalid events and unknown types, without throwing', () => {
    expect(parseFrame('not json')).toMatchObject({ kind: 'invalid', reason: 'invalid-json' });
    expect(parseFrame('[1,2]')).toMatchObject({ kind: 'invalid', reason: 'invalid-event' });
    expect(parseFrame('{"type":5}')).toMatchObject({ kind: 'invalid', reason: 'invalid-event' });
    expect(parseFrame('{"type":"message","chat_id":"c"}')).toMatchObject({
      kind: 'invalid',
      reason: 'invalid-event',
      message: expect.stringContaining('message'),
    });
    expect(parseFrame('{"type":"message.deleted","chat_id":5,"message_id":""}')).toMatchObject({
      kind: 'invalid',
      reason: 'invalid-event',
      message:
        'inbox `message.deleted` event is missing what the SDK needs: chat_id: Invalid type: Expected string but received 5; message_id: Invalid length: Expected >=1 but received 0',
    });
    expect(parseFrame('{"type":"chat.updated","chat":{"title":"x"}}')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('chat.id: Invalid key: Expected "id" but received undefined'),
    });
    expect(parseFrame('{"type":"agent.assigned","chat_id":"c"}')).toEqual({
      kind: 'unknown',
      type: 'agent.assigned',
      data: { type: 'agent.assigned', chat_id: 'c' },
    });
  });

  it('de-duplicates by event id first, else by what the event is about', () => {
    expect(dedupKey({ type: 'typing', chat_id: 'c', id: 'evt_1' })).toBe('id:evt_1');
    expect(dedupKey({ type: 'message', chat_id: 'c', message: { id: 'm' } })).toBe('message:c:m');
    expect(dedupKey({ type: 'chat.updated', chat: { id: 'c', updated_at: '2026-01-01T00:00:00Z' } })).toBe(
      `chat.updated:c@${Date.parse('2026-01-01T00:00:00Z')}`,
    );
    expect(dedupKey({ type: 'typing', chat_id: 'c' })).toBeUndefined();
  });

  it('reads times as ISO strings or epoch seconds/milliseconds', () => {
    expect(parseTime('2026-01-01T00:00:00.000Z')).toBe(1767225600000);
    expect(parseTime(1767225600)).toBe(1767225600000);
    expect(parseTime(1767225600000)).toBe(1767225600000);
    expect(parseTime('yesterday')).toBeUndefined();
  });
});

describe('inbox socket URL and configuration', () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ['https://api.useinvent.com', 'c', 'wss://api.useinvent.com/orgs/c/inbox/ws'],
    ['https://proxy.example.com/invent/', 'org_1', 'wss://proxy.example.com/invent/orgs/org_1/inbox/ws'],
    ['http://localhost:4010', 'c', 'ws://localhost:4010/orgs/c/inbox/ws'],
    ['http://127.0.0.1:4010', 'org/a b?#', 'ws://127.0.0.1:4010/orgs/org%2Fa%20b%3F%23/inbox/ws'],
  ])('%s + %s -> %s', (baseUrl, orgId, url) => {
    expect(inboxSocketUrl(baseUrl, orgId)).toBe(url);
  });

  it('refuses plain ws:// to a remote host and org ids that are not a path segment', () => {
    expect(() => inboxSocketUrl('http://api.useinvent.com', 'c')).toThrow(InventConfigError);
    expect(() => inboxSocketUrl('https://api.useinvent.com', '..')).toThrow(InventValidationError);
    expect(() => inboxSocketUrl('https://api.useinvent.com', '')).toThrow(InventValidationError);
  });

  it('reports a missing API key as an InventConfigError, before opening anything', () => {
    expect(() => connectInbox({ ...deps, apiKey: undefined })).toThrow(InventConfigError);
    expect(() => connectInbox({ ...deps, apiKey: '' })).toThrow(/no API key for the inbox WebSocket/);
  });

  it('refuses to send the API key from a browser, unless auth is left to a proxy', async () => {
    const opened: string[] = [];
    vi.stubGlobal('document', {});
    vi.stubGlobal(
      'WebSocket',
      class {
        readyState = 0;
        constructor(url: string) {
          opened.push(url);
        }
        addEventListener() {}
        close() {}
      },
    );
    expect(() => connectInbox(deps)).toThrow(/cannot send/);
    const inbox = connectInbox(
      { ...deps, apiKey: undefined, baseUrl: 'https://app.example.com/invent-proxy' },
      { auth: 'none', closeTimeoutMs: 10 },
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['wss://app.example.com/invent-proxy/orgs/c/inbox/ws']);
    await inbox.close();
  });

  it('rejects nonsense options', () => {
    expect(() => connectInbox(deps, { bufferSize: 0 })).toThrow(/bufferSize/);
    expect(() => connectInbox(deps, { heartbeat: { staleAfterMs: -1 } })).toThrow(/staleAfterMs/);
  });
});

describe('the iterator buffer', () => {
  it('keeps the newest events, reports what it drops, and drains before finishing', async () => {
    const dropped: number[] = [];
    const queue = new EventQueue<number>(
      3,
      (n) => dropped.push(n),
      () => {},
    );
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(dropped).toEqual([1, 2]);
    queue.end(new Error('boom'));
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(await queue.next()).toEqual({ value: 4, done: false });
    expect(await queue.next()).toEqual({ value: 5, done: false });
    await expect(queue.next()).rejects.toThrow('boom');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});

describe('loading ws', () => {
  it('is lazy: importing the SDK does not load ws; connecting on Node 20 does', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const wsLoaded = () => Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]ws[\\\\/]/.test(k));
      await import('./src/index.ts');
      const { connectInbox } = await import('./src/inbox/index.ts');
      const before = wsLoaded();
      const hasGlobal = typeof globalThis.WebSocket === 'function';
      const inbox = connectInbox({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', orgId: 'c', listInboxChats: async () => ({ items: [] }) }, { reconnect: false });
      inbox.on('error', () => {});
      await inbox.closed;
      console.log(JSON.stringify({ before, after: wsLoaded(), hasGlobal }));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      timeout: 15_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.before).toBe(false);
    expect(result.after).toBe(!result.hasGlobal);
  });
});
