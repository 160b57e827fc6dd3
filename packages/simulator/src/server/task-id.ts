import { randomBytes } from "node:crypto";

/**
 * A task id shaped like the API's (`03281835-1535-0269-0000-d857d95c335e`): the first group is
 * the UTC month, day, hour and minute ([INF] api-notes §2.1), the rest is random hex. Random bytes
 * come from a pooled buffer so an id costs no syscall.
 */
export function taskId(now: Date = new Date()): string {
  const stamp =
    pad(now.getUTCMonth() + 1) + pad(now.getUTCDate()) + pad(now.getUTCHours()) + pad(now.getUTCMinutes());
  const hex = nextRandomHex();
  return `${stamp}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 24)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const POOL_IDS = 256;
const ID_BYTES = 12;
let pool = Buffer.alloc(0);
let offset = 0;

function nextRandomHex(): string {
  if (offset >= pool.length) {
    pool = randomBytes(POOL_IDS * ID_BYTES);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return hex;
}
