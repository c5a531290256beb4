/**
 * "Did you mean": the known name nearest to a misspelt one, for errors that name an unknown field or
 * option. Edit distance (Levenshtein); a name more than max(2, a third of its length) edits away is
 * no guess at all.
 */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export function nearestName(name: string, known: readonly string[]): string | undefined {
  const scored = known.map((k) => [distance(name, k), k] as const).sort((x, y) => x[0] - y[0])[0];
  return scored && scored[0] <= Math.max(2, name.length / 3) ? scored[1] : undefined;
}

/** The message for an unknown name: `unknown field \`nmae\` (did you mean \`name\`? known: a, b)`. */
export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  return `unknown ${kind} \`${name}\` (${near ? `did you mean \`${near}\`? ` : ''}known: ${known.join(', ')})`;
}
