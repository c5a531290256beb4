/**
 * A resource call refused by its argument checks (./arguments.ts). The checks run at the call and
 * throw a Refusal naming the problem as data; the caller gets the InventValidationError as the
 * call's rejection, its message written by ./explain.ts, which loads only then.
 */
import { InventValidationError } from '../errors.js';
import { lazy } from '../internal/lazy.js';
import type { Problem } from './explain.js';

const loadExplain = lazy(() => import('./explain.js'));

export class Refusal {
  constructor(readonly problem: Problem) {}
}

/** Throws a Refusal for `problem`. */
export function refuse(...problem: Problem): never {
  throw new Refusal(problem);
}

/** The rejection of call `label` that failed with `error`: a Refusal becomes the InventValidationError saying why. */
export function rejection(label: string, error: unknown): Promise<never> {
  if (!(error instanceof Refusal)) return Promise.reject(error);
  return loadExplain().then((m) => {
    throw new InventValidationError(`${label}: ${m.explain(error.problem)}`);
  });
}
