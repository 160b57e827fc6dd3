/**
 * Stateless integer hashing: every synthetic value is a pure function of (seed, target, row, salt),
 * so any row can be rebuilt on demand and the dataset never has to be held as objects.
 */

/** A 32-bit avalanche mix (lowbias32 by Chris Wellons); returns an unsigned 32-bit integer. */
export function mix32(input: number): number {
  let x = input | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of (base, index, salt): independent streams per salt for the same row. */
export function hash3(base: number, index: number, salt: number): number {
  return mix32((mix32(index ^ base) + Math.imul(salt, 0x9e3779b1)) | 0);
}

/** A uniform number in [0, 1) from (base, index, salt). */
export function unit(base: number, index: number, salt: number): number {
  return hash3(base, index, salt) / 4294967296;
}

/** A uniform integer in [0, n) from (base, index, salt). */
export function pick(base: number, index: number, salt: number, n: number): number {
  return Math.floor(unit(base, index, salt) * n);
}

/** FNV-1a over a string's UTF-16 code units, mixed: the per-target part of a seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/**
 * A Zipf-like sampler over [0, n): log-uniform, so index 0 is drawn about ln(2)/ln(n) of the time
 * and the tail is long. Cheap (one exp, the log precomputed) for synthetic repeated domains/anchors.
 */
export function zipfSampler(n: number): (u: number) => number {
  if (n <= 1) return () => 0;
  const logN1 = Math.log(n + 1);
  return (u) => {
    const k = Math.floor(Math.exp(u * logN1)) - 1;
    return k < 0 ? 0 : k >= n ? n - 1 : k;
  };
}

/** Picks an index from cumulative weights (ascending, last = total). */
export function weighted(u: number, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 1;
  const x = u * total;
  for (let i = 0; i < cumulative.length; i++) {
    if (x < (cumulative[i] ?? 0)) return i;
  }
  return cumulative.length - 1;
}

/** Turns weights into the cumulative form `weighted` takes. */
export function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => {
    sum += w;
    return sum;
  });
}

/** x², x³, x⁴ without Math.pow (hot in the row generator). */
export const pow2 = (x: number): number => x * x;
export const pow3 = (x: number): number => x * x * x;
export const pow4 = (x: number): number => x * x * x * x;
