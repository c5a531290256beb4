/**
 * A module imported on first use: `const loadImpl = lazy(() => import('./impl.js'))`, then
 * `loadImpl().then((m) => ...)`. Code a program may never run (the transactional-broadcast helpers,
 * the page walk) stays out of what it loads at start; bundlers see the `import()` and give the
 * module a chunk of its own. Imported once; a failed import is tried again on the next call.
 */
export function lazy<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
