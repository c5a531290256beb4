/**
 * The structure the code keeps: one direction of imports between scripts/, generated/ and src/, no
 * import cycle, small files, and one definition of each shared helper. Each rule names the files
 * that break it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitions, findCycles, importsOf, ROOT, tsFiles } from './import-graph.js';

const src = tsFiles('src');
const generated = tsFiles('generated');
const scripts = tsFiles('scripts');

/** The folder generated/ may import from (besides itself): the owner of the metadata format. */
const CONTRACT = 'src/contract/';
const MAX_LINES = 400;

/**
 * Helpers the SDK keeps one definition of, recognised by name: a second parser, backoff or abort
 * race is how the transport and the inbox drifted apart before (`'1e3'` read as 1,000,000 ms).
 */
const SINGLE_DEFINITIONS: Record<string, RegExp> = {
  'Retry-After parser': /retry-?after/i,
  backoff: /backoff/i,
  'abort race': /^(race\w*|\w*until\w*abort\w*)$/i,
};

describe('the import graph', () => {
  it('has no cycle in src/ and generated/ (type-only and dynamic imports included)', () => {
    expect(findCycles([...src, ...generated])).toEqual([]);
  });

  it('lets generated/ import nothing but src/contract/ and generated/ itself', () => {
    const stray = generated.flatMap((file) =>
      importsOf(file, { packages: true })
        .filter((to) => !to.startsWith('generated/') && !to.startsWith(CONTRACT))
        .map((to) => `${file} -> ${to}`),
    );
    expect(stray).toEqual([]);
  });

  it('keeps scripts/ from importing generated/ (the generator never reads what it writes)', () => {
    const stray = scripts.flatMap((file) =>
      importsOf(file)
        .filter((to) => to.startsWith('generated/'))
        .map((to) => `${file} -> ${to}`),
    );
    expect(stray).toEqual([]);
  });
});

describe('src/', () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = src
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  let declared: ReturnType<typeof definitions> | undefined;
  it.each(Object.entries(SINGLE_DEFINITIONS))('defines the %s in one module', (_, pattern) => {
    declared ??= definitions(src);
    // One module owns each helper (a function and the class it wraps may live there together).
    const found = declared.filter((d) => pattern.test(d.name));
    const files = new Set(found.map((d) => d.file));
    expect(files.size, found.map((d) => `${d.file}:${d.line} ${d.name}`).join('\n')).toBeLessThanOrEqual(1);
  });
});

describe('the rules themselves', () => {
  it('find a cycle, whatever its length, and only once', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: [], e: ['e'] };
    expect(findCycles(Object.keys(graph), (f) => graph[f]!)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(findCycles(['a', 'd'], (f) => graph[f]!)).toEqual([]);
  });

  it('read type-only, dynamic and re-exporting imports', () => {
    expect(importsOf('src/contract/declarations.ts')).toContain('src/pagination/list.ts');
    expect(importsOf('src/broadcasts/handle.ts')).toContain('src/broadcasts/impl.ts');
    expect(importsOf('generated/resources.ts', { packages: true })).toContain('generated/schema.d.ts');
  });

  it('find functions, methods and function-valued constants by name', () => {
    expect(definitions(['src/contract/rules.ts']).map((d) => d.name)).toEqual(['encodeRule', 'parseRule']);
    expect(definitions(['src/call-options.ts']).map((d) => d.name)).toContain('splitCallOptions');
  });
});
