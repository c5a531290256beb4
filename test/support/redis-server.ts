/**
 * A real Redis for tests and benchmarks: `redis-server` started on a free local port, in a temporary
 * directory, with persistence off, and stopped again.
 *
 *   const redis = await startRedisServer();
 *   ... new Redis(redis.port) ...
 *   await redis.kill();     // SIGKILL, as in a crash
 *   await redis.start();    // the same port again (an empty Redis: no persistence)
 *   await redis.close();    // stop it and remove the directory
 *
 * When `redis-server` is not installed this throws (it does not skip): the Redis suites need it, and
 * `.ci/run` installs it (`apt-get install -y --no-install-recommends redis-server`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Whether the server process is running (not killed, stopped or closed). */
  readonly running: boolean;
  /** Starts the server (again) on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server with SIGKILL (a crash), and waits for the process to end. */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing (a hung Redis). */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

const MISSING =
  'redis-server was not found on PATH: the Redis tests and benchmarks start a real Redis. Install it ' +
  '(Debian/Ubuntu: apt-get install -y --no-install-recommends redis-server, as .ci/run does; macOS: brew install redis).';

/** Throws a clear error when redis-server is missing. */
export function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(MISSING);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves when a PING on the port is answered with PONG; false after `timeoutMs`. */
async function pingUntilUp(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      let data = '';
      socket.setTimeout(500, () => socket.destroy());
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (data.includes('\r\n')) socket.end();
      });
      socket.on('close', () => resolve(data.startsWith('+PONG')));
      socket.on('error', () => {});
    });
    if (pong) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

export async function startRedisServer(): Promise<RedisServer> {
  requireRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'invent-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  async function start(): Promise<void> {
    if (child) return;
    output = '';
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    proc.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    exited = new Promise<void>((resolve) => {
      proc.once('exit', () => {
        if (child === proc) child = undefined;
        resolve();
      });
      proc.once('error', () => {
        if (child === proc) child = undefined;
        resolve();
      });
    });
    // Never leave a server behind, even when the test process ends without closing it.
    const onExit = () => proc.kill('SIGKILL');
    process.once('exit', onExit);
    void exited.then(() => process.off('exit', onExit));
    if (!(await pingUntilUp(port, 10_000))) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
  }

  async function kill(): Promise<void> {
    const proc = child;
    if (!proc) return;
    proc.kill('SIGCONT');
    proc.kill('SIGKILL');
    await exited;
  }

  await start();

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    start,
    kill,
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async close() {
      const proc = child;
      if (proc) {
        proc.kill('SIGCONT');
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
