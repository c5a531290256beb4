import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('examples/inbox-events.ts', () => {
  it('prints the events, survives the dropped connection, and exits by itself', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/inbox-events.ts'], { cwd: root, timeout: 15_000 });
    const lines = stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain('chat.created  chat_7Hq2LmX9p  Order delivery question');
    expect(lines).toContain('message       chat_7Hq2LmX9p  Where is my order #1042?');
    expect(lines).toContain('chat.updated  chat_1Vc5KpD8s  (changed while disconnected)');
    expect(lines).toContain('message       chat_7Hq2LmX9p  It ships tomorrow.');
    expect(lines.at(-2)).toBe('Closed: 5 events (1 reconciled), 1 reconnect.');
  });
});
