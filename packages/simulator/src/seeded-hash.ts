/**
 * A stateless seeded hash to [0, 1): the same (seed, n, salt) always gives the same number, with no
 * generator state to share between concurrent requests. Used for fault decisions and latency
 * jitter, so both are reproducible per request number under a seed.
 */
export function unitHash(seed: number, n: number, salt: number): number {
  // Two rounds of a murmur3-style finaliser over the mixed inputs; plenty for test decisions.
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n | 0, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h ^= Math.floor(n / 0x1_0000_0000);
  for (let round = 0; round < 2; round++) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 0x1_0000_0000;
}
