/**
 * "Did you mean" for misspelled names (fields, properties): the closest candidate by edit distance,
 * only when it is close enough to be a plausible typo.
 */

/** Levenshtein distance, capped: returns `cap + 1` as soon as the distance must exceed `cap`. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length] ?? cap + 1;
}

/**
 * The candidate closest to `name` (case-insensitive) if it is within 2 edits (1 for short names),
 * else `undefined`.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const cap = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = cap + 1;
  for (const candidate of candidates) {
    const d = distance(lower, candidate, cap);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}
