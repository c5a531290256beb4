/**
 * Faults: details of the request path that must hold against a real server: an already-aborted call
 * sends nothing and says so; query parameter names cannot smuggle in parameters.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, createInvent } from '../../src/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('an already-aborted signal', () => {
  it.each([
    ['rateLimit: false', false as const],
    ['the default limiter', undefined],
  ])('sends nothing and reports outcomeUnknown: false on a POST (%s)', async (_, rateLimit) => {
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url, ...(rateLimit === false ? { rateLimit } : {}) });
    const controller = new AbortController();
    controller.abort();
    const error = await failure(invent.POST('/orgs/{org_id}/assistants', { body: { name: 'x' }, signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ outcomeUnknown: false });
    expect((error as Error).message).toBe('assistants.create was aborted');
    expect(server.requests).toHaveLength(0);
  });
});

describe('query parameter names', () => {
  it('are percent-encoded on typed calls, so a name cannot add a parameter', async () => {
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url });
    await invent.GET('/orgs/{org_id}/contacts', { params: { query: { 'x&take': 1, 'a=b': 'c&d', take: 5 } } } as never);
    const [request] = server.requests;
    expect(request!.url).toBe('/orgs/c/contacts?x%26take=1&a%3Db=c%26d&take=5');
    const query = new URL(request!.url, server.url).searchParams;
    expect(query.getAll('take')).toEqual(['5']);
    expect(query.get('x&take')).toBe('1');
  });

  it('are percent-encoded inside deep objects too', async () => {
    const invent = createInvent({ apiKey: 'k', baseUrl: server.url });
    await invent.GET('/orgs/{org_id}/contacts', { params: { query: { filter: { 'k&take': 'v' } } } } as never);
    expect(server.requests[0]!.url).toBe('/orgs/c/contacts?filter[k%26take]=v');
  });
});
