import { describe, expect, it } from 'vitest';
import { createInvent, InventApiError, InventConfigError, InventError, InventValidationError } from '../../src/index.js';
import { recordingFetch } from '../support/recording-fetch.js';

describe('createInvent', () => {
  it('fills org_id from the client, sends the bearer key, and lets a call name another organization', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json([]));
    const invent = createInvent({ apiKey: 'sk_test_1', fetch });
    await invent.GET('/orgs/{org_id}/assistants');
    await invent.GET('/orgs/{org_id}/assistants', { params: { path: { org_id: 'org_sub_42' } } });
    expect(requests.map((r) => r.url.href)).toEqual([
      'https://api.useinvent.com/orgs/c/assistants',
      'https://api.useinvent.com/orgs/org_sub_42/assistants',
    ]);
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer sk_test_1');
  });

  it('uses orgId from its options', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json([]));
    await createInvent({ apiKey: 'k', orgId: 'org_9', fetch }).GET('/orgs/{org_id}/assistants');
    expect(requests[0]!.url.pathname).toBe('/orgs/org_9/assistants');
  });

  it('reads INVENT_API_KEY when no apiKey is given', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json([]));
    process.env.INVENT_API_KEY = 'sk_from_env';
    try {
      await createInvent({ fetch }).GET('/orgs/{org_id}/assistants');
    } finally {
      delete process.env.INVENT_API_KEY;
    }
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer sk_from_env');
  });

  it('reports a missing API key at the first call, before any request', async () => {
    const { fetch, requests } = recordingFetch();
    const invent = createInvent({ fetch, apiKey: '' });
    await expect(invent.GET('/orgs/{org_id}/assistants')).rejects.toThrow(InventConfigError);
    await expect(invent.GET('/orgs/{org_id}/assistants')).rejects.toThrow(/no API key for assistants.list/);
    expect(requests).toHaveLength(0);
  });

  it('sends the sign-in calls without a key, form-encoded', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json({}));
    await createInvent({ fetch, apiKey: '' }).POST('/auth/code', { body: { email: 'agent@company.com' } });
    expect(requests[0]!.headers.get('authorization')).toBeNull();
    expect(requests[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]!.body).toBe('email=agent%40company.com');
  });

  it.each([
    ['http://api.useinvent.com', /plain http:\/\//],
    ['http://10.0.0.5:8080', /plain http:\/\//],
    ['ftp://api.useinvent.com', /https:\/\//],
    ['not a url', /not a valid URL/],
    ['https://user:pass@api.useinvent.com', /credentials/],
  ])('refuses the base URL %s', (baseUrl, message) => {
    expect(() => createInvent({ baseUrl, apiKey: 'k' })).toThrow(message);
  });

  it.each(['http://localhost:4010', 'http://127.0.0.1:4010', 'http://[::1]:4010', 'https://eu.example.org/api/'])(
    'accepts the base URL %s',
    (baseUrl) => {
      expect(createInvent({ baseUrl, apiKey: 'k' }).baseUrl).toBe(baseUrl.replace(/\/$/, ''));
    },
  );
});

describe("unknown options (a JavaScript caller's typo)", () => {
  it('refuses an unknown client option with an InventConfigError naming the nearest known one', () => {
    // @ts-expect-error a misspelt client option
    expect(() => createInvent({ apiKey: 'k', timout: 5 })).toThrow(InventConfigError);
    // @ts-expect-error a misspelt client option
    expect(() => createInvent({ apiKey: 'k', concurency: 5 })).toThrow(/^createInvent\(\): unknown option `concurency` \(known: apiKey, /);
    // @ts-expect-error a misspelt client option
    expect(() => createInvent({ apiKey: 'k', timout: 5 })).toThrow(/unknown option `timout` \(did you mean `timeout`\? known: /);
  });
});

describe('path parameters cannot change the endpoint', () => {
  const cases: Array<[string, string]> = [
    ['ast_1/../../contacts', '/orgs/c/assistants/ast_1%2F..%2F..%2Fcontacts'],
    ['ast_1?take=1', '/orgs/c/assistants/ast_1%3Ftake%3D1'],
    ['ast_1#x', '/orgs/c/assistants/ast_1%23x'],
    ['%2E%2E', '/orgs/c/assistants/%252E%252E'],
  ];
  it.each(cases)('encodes %j into one segment', async (id, path) => {
    const { fetch, requests } = recordingFetch(() => Response.json({}));
    await createInvent({ apiKey: 'k', fetch }).GET('/orgs/{org_id}/assistants/{assistant_id}', { params: { path: { assistant_id: id } } });
    expect(requests[0]!.url.pathname).toBe(path);
  });

  it.each(['', '.', '..'])('refuses the id %j before sending', async (id) => {
    const { fetch, requests } = recordingFetch();
    const call = createInvent({ apiKey: 'k', fetch }).GET('/orgs/{org_id}/assistants/{assistant_id}', {
      params: { path: { assistant_id: id } },
    });
    await expect(call).rejects.toThrow(InventValidationError);
    expect(requests).toHaveLength(0);
  });

  it('refuses a missing id by name', async () => {
    const { fetch } = recordingFetch();
    const invent = createInvent({ apiKey: 'k', fetch });
    // @ts-expect-error assistant_id is required
    await expect(invent.GET('/orgs/{org_id}/assistants/{assistant_id}', { params: { path: {} } })).rejects.toThrow(
      /missing path parameter `assistant_id`/,
    );
  });
});

describe('errors', () => {
  it('throws an InventApiError naming the operation and status, never the key', async () => {
    const { fetch } = recordingFetch(() =>
      Response.json({ message: 'Unauthorized' }, { status: 401, headers: { 'x-request-id': 'req_1' } }),
    );
    const error = await createInvent({ apiKey: 'sk_live_secret', fetch })
      .GET('/orgs/{org_id}/assistants')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventApiError);
    expect(error).toBeInstanceOf(InventError);
    expect(error).toMatchObject({ status: 401, requestId: 'req_1', operation: 'assistants.list' });
    expect(String((error as Error).message)).toBe('assistants.list failed with 401: Unauthorized');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain('sk_live_secret');
  });

  it('gives the openapi-fetch shape through raw', async () => {
    const { fetch } = recordingFetch(() => Response.json({ message: 'nope' }, { status: 404 }));
    const result = await createInvent({ apiKey: 'k', fetch }).raw.GET('/orgs/{org_id}/assistants/{assistant_id}', {
      params: { path: { assistant_id: 'ast_1' } },
    });
    expect(result.error).toEqual({ message: 'nope' });
    expect(result.response.status).toBe(404);
  });
});
