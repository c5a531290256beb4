/** The handle and createTransactional: argument checks before any request, and where calls go. */
import { describe, expect, it } from 'vitest';
import { BroadcastStateError, createInvent, InventValidationError } from '../../src/index.js';
import { recordingFetch } from '../support/recording-fetch.js';

function setup() {
  const recorded = recordingFetch((request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith('/broadcasts')) return Response.json({ id: 'brd_new', type: 'TRANSACTIONAL', status: 'DRAFT' });
    return Response.json(request.method === 'GET' || path.endsWith('/send') ? [] : {});
  });
  const invent = createInvent({ apiKey: 'k', fetch: recorded.fetch, rateLimit: false, maxRetries: 0 });
  return { invent, requests: recorded.requests };
}

describe('transactional(id)', () => {
  it('is created synchronously, and refuses an empty id at once', () => {
    const { invent } = setup();
    const handle = invent.broadcasts.transactional('brd_1');
    expect(handle.id).toBe('brd_1');
    expect(() => invent.broadcasts.transactional('')).toThrow(InventValidationError);
    expect(() => invent.broadcasts.transactional('brd_1', { orgId: '' })).toThrow(/options\.orgId must be a non-empty string/);
  });

  it('sends every call of a handle for a sub-organization there (a call may still name another)', async () => {
    const { invent, requests } = setup();
    const handle = invent.broadcasts.transactional('brd_1', { orgId: 'org_sub' });
    await handle.addField({ name: 'otp' });
    await handle.templates();
    await handle.send({ email: 'a@b.co' }, { orgId: 'org_other' });
    expect(requests.map((r) => r.url.pathname)).toEqual([
      '/orgs/org_sub/broadcasts/brd_1/fields',
      '/orgs/org_sub/broadcasts/brd_1/templates',
      '/orgs/org_other/broadcasts/brd_1/send',
    ]);
  });

  it('checks field input before any request, with a hint for the wire name', async () => {
    const { invent, requests } = setup();
    const handle = invent.broadcasts.transactional('brd_1');
    await expect(handle.addField({ name: '' })).rejects.toThrow('addField: name must be a non-empty string, got ""');
    await expect(handle.updateField('bfl_1', { default_value: 'x' } as never)).rejects.toThrow(
      'updateField: unknown key default_value (write defaultValue); a field has name and defaultValue',
    );
    await expect(handle.removeTemplate('')).rejects.toThrow(/templateId must be a non-empty string/);
    expect(requests).toHaveLength(0);
  });
});

describe('createTransactional', () => {
  it('checks the whole input before creating anything', async () => {
    const { invent, requests } = setup();
    await expect(invent.broadcasts.createTransactional({ name: '' })).rejects.toThrow(
      'createTransactional: name must be a non-empty string, got ""',
    );
    await expect(
      invent.broadcasts.createTransactional({ name: 'OTP', fields: [{ name: 'otp', defaultValue: 1 as never }] }),
    ).rejects.toThrow('createTransactional: fields[0]: defaultValue must be a string');
    await expect(invent.broadcasts.createTransactional({ name: 'OTP', audience: 'all' } as never)).rejects.toThrow(
      'createTransactional: unknown key audience (expected name, fields, templates)',
    );
    await expect(invent.broadcasts.createTransactional({ name: 'OTP', type: 'MARKETING' } as never)).rejects.toBeInstanceOf(
      BroadcastStateError,
    );
    expect(requests).toHaveLength(0);
  });

  it('creates the broadcast, then its fields and templates, and returns its handle', async () => {
    const { invent, requests } = setup();
    const handle = await invent.broadcasts.createTransactional({
      name: 'OTP',
      fields: [{ name: 'otp' }],
      templates: [{ channel: 'WHATSAPP' }],
    });
    expect(handle.id).toBe('brd_new');
    expect(requests.map((r) => `${r.method} ${r.url.pathname} ${r.body}`)).toEqual([
      'POST /orgs/c/broadcasts {"name":"OTP","type":"TRANSACTIONAL"}',
      'POST /orgs/c/broadcasts/brd_new/fields {"name":"otp"}',
      'POST /orgs/c/broadcasts/brd_new/templates {"channel":"WHATSAPP"}',
    ]);
  });
});
