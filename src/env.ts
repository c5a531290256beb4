/**
 * Reads an environment variable where the runtime has one, and never throws: a browser or a Worker
 * has none, and Deno with scoped permissions (`--allow-net` only) throws `NotCapable` on any env
 * read. Unreadable means unset, so the SDK's defaults apply.
 */
export function readEnv(name: string): string | undefined {
  try {
    const value = typeof process !== 'undefined' ? process.env?.[name] : undefined;
    return value === undefined || value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
