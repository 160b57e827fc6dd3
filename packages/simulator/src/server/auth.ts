import { timingSafeEqual } from "node:crypto";

/**
 * HTTP Basic check against one login/password (api-notes §1.1). The expected token is encoded
 * once; each request costs one constant-time compare.
 */
export function createBasicAuth(login: string, password: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(Buffer.from(`${login}:${password}`, "utf8").toString("base64"));
  return (header) => {
    if (header === undefined || header.length < 7) return false;
    if (header.slice(0, 6).toLowerCase() !== "basic ") return false;
    const given = Buffer.from(header.slice(6).trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
