import { expect } from 'vitest';

/** The error a call rejects with; fails the test when the call succeeds instead. */
export const failure = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  );
