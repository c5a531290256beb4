/**
 * The packed tarball, made once per build and shared by every package test file (they run in
 * parallel workers): the first to ask packs it into a directory named after the build's contents,
 * the others wait for it. Consumer projects are installed from it with npm, as a user would.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { requireBuild, root, userEnv } from './build.js';

const exec = promisify(execFile);

/** npm install flags for consumer projects: from npm's cache where it can, no scripts, no noise. */
export const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'];

/** Runs npm in a directory, as a user would (no `invent-source` condition). */
export function npm(args: string[], cwd: string) {
  return exec('npm', args, { cwd, env: userEnv(), timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
}

function buildKey(): string {
  const hash = createHash('sha256').update(readFileSync(join(root, 'package.json')));
  for (const dir of ['dist', 'bin']) {
    for (const file of (readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }) as string[]).sort()) {
      const stat = statSync(join(root, dir, file));
      if (stat.isFile()) hash.update(`${dir}/${file}:${stat.size}:${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The path of `npm pack`'s tarball of the current build, packing it if no test has yet. */
export async function packedTarball(): Promise<string> {
  requireBuild();
  const dir = join(tmpdir(), `invent-sdk-pack-${buildKey()}`);
  const done = join(dir, 'tarball-path');
  if (existsSync(done)) return readFileSync(done, 'utf8');
  try {
    mkdirSync(dir); // atomic: exactly one test file packs
  } catch {
    for (let waited = 0; waited < 180; waited++) {
      if (existsSync(done)) return readFileSync(done, 'utf8');
      await sleep(1000);
    }
    throw new Error(`another test file started packing into ${dir} and did not finish`);
  }
  try {
    const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
    const tarball = join(dir, JSON.parse(stdout)[0].filename);
    writeFileSync(done, tarball);
    return tarball;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A new project in `parent` with `invent-sdk` installed from the tarball, beside `extra` packages (name@version). */
export async function installConsumer(
  parent: string,
  name: string,
  extra: string[] = [],
  manifest: Record<string, unknown> = {},
): Promise<string> {
  const tarball = await packedTarball();
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...manifest }));
  await npm(['install', ...INSTALL_FLAGS, tarball, ...extra], dir);
  return dir;
}

/** The exact version this repository pins for a package (its devDependency), for installing it offline. */
export function devVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = manifest.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of this repository`);
  return version;
}
