/** Shared by the spec-tools tests: fixture paths, and running the npm scripts' commands as users do. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npx tsx scripts/<script> ...args` from the repository root. Asynchronous (not spawnSync): a
 * test may be serving the contract the command fetches.
 */
export function runScript(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', `scripts/${script}`, ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
