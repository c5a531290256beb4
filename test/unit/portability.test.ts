/**
 * The request path must run in browsers and edge runtimes: no `process`, `Buffer` or `node:*` in
 * src/transport, src/internal or src/errors.ts, except `process` behind a `typeof process !== 'undefined'` guard on
 * the same line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The code without comments and string contents, so prose mentioning `process` does not count. */
function code(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''"));
}

const sources = [...files(join(root, 'src/transport')), ...files(join(root, 'src/internal')), join(root, 'src/errors.ts')];

describe('no Node-only API on the request path', () => {
  it.each(sources.map((path) => [relative(root, path), path]))('%s', (_, path) => {
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/from\s+['"]node:|require\(\s*['"]node:/);
    code(text).forEach((line, i) => {
      expect(line, `line ${i + 1}`).not.toMatch(/\bBuffer\b|\b__dirname\b|\bglobal\b\./);
      if (/\bprocess\b/.test(line)) expect(line, `line ${i + 1}: process without a guard`).toMatch(/typeof process !== ''/);
    });
  });
});
