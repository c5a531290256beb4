/**
 * "Did you mean": the known name nearest to a misspelt one, for error messages that name an unknown
 * field or option. One edit distance (Levenshtein, a swap of neighbours counting as one edit); a name further than a third of its length away
 * is no guess at all.
 */
function distance(a: string, b: string): number {
  // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  return rows[a.length]![b.length]!;
}

export function nearestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** `unknown field \`nmae\` (did you mean \`name\`? known: a, b)`: the message tail for an unknown name. */
export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  const hint = [near && `did you mean \`${near}\`?`, known.length ? `known: ${known.join(', ')}` : 'none are known']
    .filter(Boolean)
    .join(' ');
  return `unknown ${kind} \`${name}\` (${hint})`;
}
