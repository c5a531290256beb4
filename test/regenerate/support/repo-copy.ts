/** A throwaway copy of the repository (its files as they are in the working tree, node_modules linked) to run commands that rewrite it. */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface RepoCopy {
  dir: string;
  remove(): Promise<void>;
}

/** Copies the git-tracked files (and new, not ignored ones) to a temporary directory and links node_modules. */
export async function copyRepo(): Promise<RepoCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'invent-regenerate-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const dirs = new Set(files.map((file) => dirname(file)));
  await Promise.all([...dirs].map((d) => mkdir(join(dir, d), { recursive: true })));
  await Promise.all(
    files.map((file) =>
      cp(join(repoRoot, file), join(dir, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error; // a tracked file deleted in the working tree
      }),
    ),
  );
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
