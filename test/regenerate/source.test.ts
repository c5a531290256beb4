/** `npm run regenerate --from`: https, local http, files; anything else refused before a request is sent. */
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { contractSource, displaySource } from '../../scripts/lib/regenerate-source.js';

it('passes https, local http and file URLs through, and makes file paths absolute', () => {
  expect(contractSource('https://api.useinvent.com/openapi.json')).toBe('https://api.useinvent.com/openapi.json');
  expect(contractSource('http://127.0.0.1:4010/openapi.yaml')).toBe('http://127.0.0.1:4010/openapi.yaml');
  expect(contractSource('http://localhost/openapi.json')).toBe('http://localhost/openapi.json');
  expect(contractSource('file:///tmp/openapi.json')).toBe('file:///tmp/openapi.json');
  expect(contractSource('specs/openapi.yaml')).toBe(resolve('specs/openapi.yaml'));
});

it('refuses plain http to another host, other schemes and broken URLs, naming the problem', () => {
  expect(() => contractSource('http://api.useinvent.com/openapi.json')).toThrow(/plain http:\/\/ is only for local hosts/);
  expect(() => contractSource('ftp://example.com/openapi.json')).toThrow(/expected an https:\/\/ URL or a file/);
  expect(() => contractSource('https://')).toThrow(/not a valid URL/);
});

it('shows a URL in logs and reports without credentials or query', () => {
  expect(displaySource('https://user:s3cret@example.test/openapi.json?token=abc')).toBe(
    'https://example.test/openapi.json (credentials and query hidden)',
  );
  expect(displaySource('https://api.useinvent.com/openapi.json')).toBe('https://api.useinvent.com/openapi.json');
  expect(displaySource('/tmp/openapi.yaml')).toBe('/tmp/openapi.yaml');
});
