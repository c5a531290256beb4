/**
 * The TypeScript examples of README.md and docs/*.md, as the package tests compile and run them.
 *
 * A ```ts block is a program: it is type-checked against the installed package and run against the
 * embedded mock. Its info string says otherwise (see CONTRIBUTING.md, "Code blocks in the docs"):
 *
 * - ```ts no-run    type-checked, not run (it needs Redis, a live inbox, or waits forever)
 * - ```ts fragment  neither (a sketch with `...`, or code from inside the SDK)
 *
 * A block that uses `invent` without creating it continues the Quickstart, so it gets the Quickstart's
 * first lines in front (`import { createInvent } ...; const invent = createInvent();`), and
 * `createInvent` is imported where a block calls it without importing it. Nothing else is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build.js';

export interface DocBlock {
  /** `README.md:52`: the file and the line of the opening fence. */
  readonly where: string;
  /** A file name for the block's program (`readme-52.ts`). */
  readonly file: string;
  /** The program: the block as written, with the prelude it needs. */
  readonly program: string;
  readonly run: boolean;
}

const DOCS = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Every ```ts block of the docs that compiles (so not `fragment`). */
export function docBlocks(): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const doc of DOCS) {
    const lines = readFileSync(join(root, doc), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^(\s*)```(ts|typescript)\b(.*)$/.exec(lines[i]!);
      if (!open) continue;
      const indent = open[1]!;
      const flags = open[3]!.trim().split(/\s+/).filter(Boolean);
      const end = lines.findIndex((line, j) => j > i && line === `${indent}\`\`\``);
      if (end < 0) throw new Error(`${doc}:${i + 1}: unclosed code block`);
      const code = lines
        .slice(i + 1, end)
        .map((line) => line.slice(indent.length))
        .join('\n');
      const where = `${doc}:${i + 1}`;
      i = end;
      for (const flag of flags)
        if (flag !== 'no-run' && flag !== 'fragment') throw new Error(`${where}: unknown code block flag ${flag} (no-run or fragment)`);
      if (flags.includes('fragment')) continue;
      const file = `${doc
        .replace(/^docs\//, '')
        .replace(/\.md$/i, '')
        .toLowerCase()}-${where.split(':')[1]}.ts`;
      blocks.push({ where, file, program: withPrelude(code), run: !flags.includes('no-run') });
    }
  }
  return blocks;
}

function withPrelude(code: string): string {
  const prelude: string[] = [];
  const imports = [...code.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'invent-sdk'/gm)].flatMap((m) =>
    m[1]!.split(',').map((s) => s.trim()),
  );
  const defines = /\b(const|let)\s+invent\b/.test(code);
  const usesInvent = /\binvent\./.test(code);
  if ((!defines && usesInvent) || /\bcreateInvent\(/.test(code)) {
    if (!imports.includes('createInvent')) prelude.push("import { createInvent } from 'invent-sdk';");
  }
  if (!defines && usesInvent) prelude.push('const invent = createInvent();');
  // Keep the block's own imports first (they must precede statements), then the prelude's statements.
  const body = code.split('\n');
  const lastImport = body.reduce((last, line, index) => (/^import\s/.test(line) || /^\s*\} from '/.test(line) ? index : last), -1);
  const head = body.slice(0, lastImport + 1);
  const rest = body.slice(lastImport + 1);
  const importsOfPrelude = prelude.filter((l) => l.startsWith('import'));
  const statements = prelude.filter((l) => !l.startsWith('import'));
  return [...importsOfPrelude, ...head, ...statements, ...rest, 'export {};', ''].join('\n');
}
