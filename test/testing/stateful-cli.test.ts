/** `invent-mock --stateful` spawned as a command and driven with raw HTTP, as a service in another language would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seedFile = fileURLToPath(new URL('../fixtures/stateful/seed.json', import.meta.url));
const auth = { authorization: 'Bearer any-key', 'content-type': 'application/json' };
/** An id the stateful mock makes: the prefix of the contract's example ids (`cnt_`), else `id_`, then 10 random characters. */
const STATEFUL_ID = /^[a-z]+_[A-Za-z0-9]{10}$/;

let child: ChildProcess;
let url: string;

beforeAll(async () => {
  // Its own process group, so afterAll stops the command and anything it started.
  child = spawn(process.execPath, ['bin/invent-mock.mjs', '--stateful', '--seed', seedFile, '--manual-clock', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`invent-mock exited ${code}: ${out}`)));
  });
  expect(out).toContain('stateful mock of');
}, 60_000);

afterAll(async () => {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('invent-mock --stateful over raw HTTP', () => {
  it('contacts: create -> get -> update -> list (filtered, paginated, headers) -> delete -> 404', async () => {
    const created = await call('POST', '/orgs/c/contacts', { name: 'Cai Raw', email: 'cai@example.com' });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(id).toMatch(STATEFUL_ID);
    expect((await call('GET', `/orgs/c/contacts/${id}`)).body).toEqual(created.body);
    const updated = await call('PATCH', `/orgs/c/contacts/${id}`, { status: 'UNSUBSCRIBED' });
    expect(updated.body).toMatchObject({ id, name: 'Cai Raw', status: 'UNSUBSCRIBED' });

    const unsubscribed = await call('GET', '/orgs/c/contacts?status=UNSUBSCRIBED&take=1&page=2');
    expect(unsubscribed.body.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(unsubscribed.headers.get('pagination-count')).toBe('2');
    expect(unsubscribed.headers.get('pagination-page')).toBe('2');
    expect(unsubscribed.headers.get('pagination-take')).toBe('1');

    expect((await call('DELETE', `/orgs/c/contacts/${id}`)).status).toBe(200);
    const gone = await call('GET', `/orgs/c/contacts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('assistants: create -> get -> update -> list (search) -> delete -> 404', async () => {
    const created = await call('POST', '/orgs/c/assistants', { name: 'Raw helper' });
    const id = created.body.id as string;
    expect(id).toMatch(STATEFUL_ID);
    expect((await call('PATCH', `/orgs/c/assistants/${id}`, { enabled: false })).body).toMatchObject({
      id,
      name: 'Raw helper',
      enabled: false,
    });
    const found = await call('GET', '/orgs/c/assistants?search=raw%20helper');
    expect(found.body.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(found.headers.get('pagination-count')).toBe('1');
    await call('DELETE', `/orgs/c/assistants/${id}`);
    expect((await call('GET', `/orgs/c/assistants/${id}`)).status).toBe(404);
  });

  it('state, snapshot, restore, reset and the clock through /__invent/*', async () => {
    const snapshot = await call('POST', '/__invent/snapshot');
    await call('POST', '/orgs/c/contacts', { name: 'Temp', email: 'temp@example.com' });
    expect((await call('GET', '/__invent/state')).body['/orgs/c/contacts']).toHaveLength(3);
    expect((await call('POST', '/__invent/restore', snapshot.body)).status).toBe(204);
    expect((await call('GET', '/__invent/state')).body).toEqual(snapshot.body);
    expect((await call('POST', '/__invent/reset')).status).toBe(204);
    const seeded = (await call('GET', '/__invent/state')).body['/orgs/c/contacts'].map((c: { id: string }) => c.id);
    expect(seeded).toEqual(['cnt_seedAna01', 'cnt_seedBen02']);
    expect((await call('POST', '/__invent/restore', { '/orgs/c/contacts': [{}] })).status).toBe(400);

    for (let i = 0; i < 10; i++) expect((await call('POST', '/orgs/c/assistants', { name: `A${i}` })).status).toBe(200);
    const limited = await call('POST', '/orgs/c/assistants', { name: 'eleventh' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect((await call('POST', '/__invent/clock', { advanceMs: 3_600_000 })).status).toBe(200);
    expect((await call('POST', '/orgs/c/assistants', { name: 'eleventh' })).status).toBe(200);
  });
});
