import { afterEach, describe, expect, it, vi } from 'vitest';
import { InventConfigError, createInvent } from '../../src/index.js';
import { createLog, redact } from '../../src/transport/logger.js';

function capture() {
  const lines: Array<[string, string, unknown]> = [];
  const logger = {
    debug: (m: string, f?: unknown) => lines.push(['debug', m, f]),
    info: (m: string, f?: unknown) => lines.push(['info', m, f]),
    warn: (m: string, f?: unknown) => lines.push(['warn', m, f]),
    error: (m: string, f?: unknown) => lines.push(['error', m, f]),
  };
  return { lines, logger };
}

afterEach(() => {
  delete process.env.INVENT_LOG;
  vi.restoreAllMocks();
});

describe('logging', () => {
  it('writes at and above the level only; a given logger defaults to info', () => {
    const { lines, logger } = capture();
    const log = createLog({ logger });
    expect(log.level).toBe('info');
    log.debug('d');
    log.info('i');
    log.warn('w');
    expect(lines.map(([level]) => level)).toEqual(['info', 'warn']);
    expect(createLog({ logger, logLevel: 'off' }).enabled('error')).toBe(false);
    expect(createLog({}).level).toBe('off');
  });

  it('reads INVENT_LOG, and logs to the console with it alone', () => {
    process.env.INVENT_LOG = 'DEBUG';
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const log = createLog({});
    expect(log.level).toBe('debug');
    log.debug('hello', { status: 200 });
    expect(debug).toHaveBeenCalledWith('[invent-sdk] hello', { status: 200 });
    process.env.INVENT_LOG = 'nonsense';
    expect(createLog({}).level).toBe('off');
    process.env.INVENT_LOG = 'warn';
    expect(createLog({ logLevel: 'error' }).level).toBe('error');
  });

  it('scrubs the key, bearer tokens and secret-looking fields', () => {
    const { lines, logger } = capture();
    const log = createLog({ logger, logLevel: 'debug', secrets: ['sk_abcdef'] });
    log.info('got sk_abcdef back, Authorization: Bearer tok_123', {
      authorization: 'Bearer x',
      apiKey: 'sk_abcdef',
      note: 'key=sk_abcdef',
      status: 401,
    });
    expect(lines[0]![1]).toBe('[invent-sdk] got [redacted] back, Authorization: Bearer [redacted]');
    expect(lines[0]![2]).toEqual({ authorization: '[redacted]', apiKey: '[redacted]', note: 'key=[redacted]', status: 401 });
    expect(redact('abc', ['ab'])).toBe('abc');
  });

  it('never lets a throwing logger fail a call', () => {
    const log = createLog({
      logger: {
        debug() {},
        info: () => {
          throw new Error('broken logger');
        },
        warn() {},
        error() {},
      },
    });
    expect(() => log.info('x')).not.toThrow();
  });

  it('refuses an unknown logLevel', () => {
    expect(() => createInvent({ apiKey: 'k', logLevel: 'verbose' as never })).toThrow(InventConfigError);
  });
});
