/**
 * Fails a fault suite if any promise rejection goes unhandled while it runs: a misbehaving server must
 * never leave a stray rejection behind (a lost timer, an orphaned fetch, a body nobody read).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function guardUnhandledRejections(): void {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    // Let rejections created at the end of a test surface before checking.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen, 'unhandled rejections').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
  });
}
