import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('examples/transactional-otp.ts', () => {
  it('sets a broadcast up, activates it and sends a code, against the embedded mock', async () => {
    const env = { ...process.env };
    delete env.INVENT_API_KEY;
    const { stdout } = await run(process.execPath, ['--conditions=invent-source', '--import', 'tsx', 'examples/transactional-otp.ts'], {
      cwd: root,
      env,
      timeout: 30_000,
    });
    const lines = stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain('Broadcast brd_3VnR7pLc1: 2 template(s): WHATSAPP login_code, WHATSAPP order_confirmation');
    expect(lines).toContain('Status: ACTIVE');
    expect(lines.find((l) => l.startsWith('Sent code'))).toMatch(/^Sent code \d{6} to \+14155550123:$/);
    expect(lines).toContain('- WHATSAPP SENT (wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA)');
    expect(lines).toContain('- EMAIL SKIPPED');
  }, 40_000);
});
