/**
 * The closest known name, for "did you mean": a case-only difference, else
 * an edit distance of at most 2; with `partOf`, a name inside the other (or
 * the other inside it) counts as one edit ("no-open" and "open"). Used for
 * unknown settings (settings/schema.ts) and unknown options (cli/main.ts).
 */
export function closest(name: string, known: readonly string[], options: { partOf?: boolean } = {}): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    // An edit distance is at least the difference in length: most names are not worth measuring.
    if (Math.abs(k.length - name.length) >= bestDistance && !(options.partOf && (k.includes(name) || name.includes(k)))) continue;
    let d = k.toLowerCase() === name.toLowerCase() ? 0 : distance(name, k, options.partOf ? Infinity : bestDistance);
    if (options.partOf && d > 1 && (k.includes(name) || name.includes(k))) d = 1;
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** The edit distance of a and b; once every way is at least `stop` edits, `stop` (the caller wants nothing that far). */
function distance(a: string, b: string, stop = Infinity): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j] as number;
      row[j] = Math.min(here + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      if ((row[j] as number) < least) least = row[j] as number;
      prev = here;
    }
    if (least >= stop) return stop;
  }
  return row[b.length] as number;
}
