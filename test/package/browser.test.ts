/**
 * A real browser: a page that uses the SDK, bundled with esbuild from the packed tarball installed in
 * a temporary project (as an application would bundle the installed package), served on 127.0.0.1 and opened in headless Chromium (Debian's
 * `chromium` with playwright-core; `.ci/run` installs it). The page calls the Prism mock on another
 * port (cross-origin: the mock answers CORS) and reports what happened.
 *
 * Checks both sides of the browser guard: `createInvent()` refuses to run in a page, naming
 * `dangerouslyAllowBrowser` and the risk, and works once the caller opts in.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventMock, startInventMock } from '../../src/testing/index.js';
import { bundleProgram, requireBuild } from './support/build.js';
import { installConsumer } from './support/pack.js';
import { documentedAnswer } from '../support/spec.js';

/** The id in the contract's documented answer to an assistant read (what the mock answers, whatever id is asked for). */
const ASSISTANT_ID = (documentedAnswer('/orgs/{org_id}/assistants/{assistant_id}', 'get', '200').body as { id: unknown }).id;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PAGE = `import { createInvent, InventConfigError, NotFoundError } from 'invent-sdk';
const result = { userAgent: navigator.userAgent };
try {
  createInvent({ apiKey: 'browser-test-key', baseUrl: MOCK_URL });
  result.refusal = null;
} catch (error) {
  result.refusal = { config: error instanceof InventConfigError, message: error.message };
}
try {
  const invent = createInvent({ apiKey: 'browser-test-key', baseUrl: MOCK_URL, dangerouslyAllowBrowser: true });
  const assistant = await invent.assistants.get('ast_1');
  const page = await invent.contacts.list({ take: 2 });
  const missing = await invent.assistants.get('ast_missing', { headers: { Prefer: 'code=404' }, maxRetries: 0 }).catch((e) => e);
  result.call = { id: assistant.id, contacts: page.items.length, notFound: missing instanceof NotFoundError, status: missing.status };
  const ids = [];
  for await (const contact of invent.contacts.list({ take: 2 })) ids.push(contact.id);
  const records = await invent.broadcasts.transactional('brd_browser').send({ email: 'ana@example.com' }, { variables: { otp: '123456' } });
  const { data, response } = await invent.assistants.get('ast_present').withResponse();
  result.scenario = { ids, sent: Array.isArray(records), withResponse: { body: typeof data, status: response.status } };
} catch (error) {
  result.error = String(error && error.stack || error);
}
window.__inventResult = result;
`;

let mock: InventMock;
let server: Server;
let pageUrl: string;
let browser: BrowserContext;
let profile: string;
let consumerDir: string;
const CONTACTS = [{ id: 'cnt_a' }, { id: 'cnt_b' }, { id: 'cnt_c' }];

beforeAll(async () => {
  requireBuild();
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  mock = await startInventMock();
  mock.use({
    match: { method: 'GET', path: '/orgs/{org_id}/contacts', query: { take: 2 } },
    steps: [{ paginate: { items: CONTACTS }, times: 'always' }],
  });
  // The page bundles the package as installed from the tarball, as an application would.
  consumerDir = mkdtempSync(join(tmpdir(), 'invent-browser-consumer-'));
  const consumer = await installConsumer(consumerDir, 'browser-consumer');
  const bundle = await bundleProgram(PAGE, { define: { MOCK_URL: JSON.stringify(mock.url) }, minify: false, resolveDir: consumer });
  const files = new Map([...bundle.files].map(([name, file]) => [`/${name}`, file.text]));
  const entry = bundle.startup[0]!;
  files.set('/', `<!doctype html><meta charset="utf-8"><title>invent-sdk</title><script type="module" src="/${entry}"></script>`);
  server = createServer((req, res) => {
    const body = files.get(new URL(req.url ?? '/', 'http://page').pathname);
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': req.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  profile = mkdtempSync(join(tmpdir(), 'invent-chromium-'));
  // A fresh profile (playwright passes it to Chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await mock?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
});

describe('in a real browser (headless Chromium)', () => {
  it('refuses to run without dangerouslyAllowBrowser, and calls the API cross-origin with it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageUrl);
    await page.waitForFunction(() => (window as { __inventResult?: unknown }).__inventResult !== undefined, undefined, { timeout: 20_000 });
    const result = await page.evaluate(() => (window as { __inventResult?: any }).__inventResult);
    await page.close();

    expect(errors).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.userAgent).toContain('Chrome');
    expect(result.refusal).toEqual({ config: true, message: expect.stringContaining('dangerouslyAllowBrowser') });
    expect(result.refusal.message).toMatch(/full access to its organization/);
    expect(result.call).toEqual({ id: ASSISTANT_ID, contacts: expect.any(Number), notFound: true, status: 404 });
    expect(mock.requests.map((r) => r.headers.origin)).toContain(new URL(pageUrl).origin);
    expect(result.scenario).toEqual({ ids: CONTACTS.map((c) => c.id), sent: true, withResponse: { body: 'object', status: 200 } });
    // The browser's own User-Agent: the SDK sets none in a page.
    for (const call of mock.requests) expect(call.headers['user-agent']).not.toMatch(/invent-sdk/);
  });
});
