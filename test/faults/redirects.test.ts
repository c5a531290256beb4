/**
 * Faults: redirects. Invent documents none, so the SDK follows none (`redirect: 'manual'` on every
 * attempt): a 3xx fails the call with a RedirectError naming the Location, and nothing (no body, no
 * header of the `headers` option) is sent to where it points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvent, InventError, RedirectError } from '../../src/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { guardUnhandledRejections } from './guard.js';
import { failure } from '../support/failure.js';

guardUnhandledRejections();

let api: FaultServer;
let elsewhere: FaultServer;
beforeAll(async () => {
  api = await startFaultServer();
  elsewhere = await startFaultServer(); // another port: another origin
});
afterAll(() => Promise.all([api.close(), elsewhere.close()]));

describe('redirects', () => {
  it('never re-sends a POST body or the headers option to another origin on a 307', async () => {
    const target = `${elsewhere.url}/collect`;
    api.script('POST /orgs/c/broadcasts/brd_1/send', { status: 307, headers: { location: target } });
    const invent = createInvent({ apiKey: 'sk_redirect_key', baseUrl: api.url, headers: { 'x-tenant-secret': 'tenant-s3cret' } });
    const error = await failure(
      invent.POST('/orgs/{org_id}/broadcasts/{broadcast_id}/send', {
        params: { path: { broadcast_id: 'brd_1' } },
        body: { email: 'ana@example.com', variables: { otp: '123456' } },
        headers: { 'x-call-secret': 'call-s3cret' },
      } as never),
    );
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toBeInstanceOf(InventError);
    expect(error).toMatchObject({ status: 307, location: target, operation: 'broadcasts.send', attempts: 1 });
    expect((error as Error).message).toBe(
      `broadcasts.send was answered with a redirect (307) to ${target}, which the SDK does not follow: check baseUrl and any proxy`,
    );
  });

  it('does not follow a redirect on a read either, even to the same origin', async () => {
    api.script('GET /orgs/c/assistants', { status: 302, headers: { location: '/orgs/c/assistants-moved' } });
    const invent = createInvent({ apiKey: 'k', baseUrl: api.url });
    const error = await failure(invent.GET('/orgs/{org_id}/assistants'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 302, location: '/orgs/c/assistants-moved' });
    expect(api.requestsTo('GET /orgs/c/assistants-moved')).toHaveLength(0);
  });

  it('does not follow through a custom fetch', async () => {
    api.script('POST /orgs/c/assistants', { status: 308, headers: { location: `${elsewhere.url}/x` } });
    const invent = createInvent({ apiKey: 'k', baseUrl: api.url, fetch: (request) => fetch(request) });
    expect(await failure(invent.POST('/orgs/{org_id}/assistants', { body: { name: 'x' } }))).toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
