/**
 * The import graph of the repo's own TypeScript, read with the compiler's pre-processor (so type-only
 * imports and `export ... from` count as edges, as they do for a reader following the code).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Every `.ts` file under `dir` (relative to the repo root), sorted. */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d)).sort()) {
      const path = join(d, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(m|c)?ts$/.test(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/**
 * The repo files a file imports, static, type-only and dynamic (`.js` specifiers mapped back to the
 * `.ts` source); package specifiers are left out unless `packages` is set.
 */
export function importsOf(file: string, options: { packages?: boolean } = {}): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const out: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) {
      if (options.packages) out.push(fileName);
      continue;
    }
    const base = resolve(ROOT, dirname(file), fileName);
    const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.d.ts'), `${base}.ts`, join(base, 'index.ts')];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    out.push(relative(ROOT, hit ?? base));
  }
  return out;
}

/** The import cycles among `files` (each reported once, as the files around it). */
export function findCycles(files: readonly string[], imports: (file: string) => string[] = importsOf): string[][] {
  const graph = new Map(files.map((f) => [f, imports(f).filter((to) => files.includes(to))]));
  // Tarjan's strongly connected components: every component of more than one file holds a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!indices.has(f)) visit(f);
  return cycles;
}

/** A function, method or function-valued variable declared in a file. */
export interface Definition {
  readonly file: string;
  readonly name: string;
  readonly line: number;
}

/** Every named function, method and function-valued variable declared in `files`. */
export function definitions(files: readonly string[]): Definition[] {
  const out: Definition[] = [];
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const add = (name: ts.Node | undefined) => {
      if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)))
        out.push({ file, name: name.text.replace(/^#/, ''), line: source.getLineAndCharacterOfPosition(name.getStart()).line + 1 });
    };
    const visit = (node: ts.Node) => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) add(node.name);
      else if (
        ts.isVariableDeclaration(node) &&
        node.initializer &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
      )
        add(node.name);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}
