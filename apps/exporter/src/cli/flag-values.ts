/**
 * Checks for single flag values: integers in a range, decimals, enums, URLs. Each failure is a
 * {@link CliError} `ERR_INVALID_OPTION` naming the flag, what was expected and what was given.
 */
import { invalidOption } from "./cli-error.js";

/** An integer flag in `[min, max]`; `undefined` stays `undefined`. */
export function intFlag(flag: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (raw === undefined) return undefined;
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  const text = raw.trim().replace(/_/g, "");
  if (!/^\d+$/.test(text)) throw invalidOption(flag, expected, raw);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalidOption(flag, expected, raw);
  return value;
}

/** A positive decimal flag (USD amounts); `undefined` stays `undefined`. */
export function positiveNumberFlag(flag: string, raw: string | undefined, unit: string) {
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/^\$/, "");
  const expected = `a positive number of ${unit}`;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) throw invalidOption(flag, expected, raw);
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw invalidOption(flag, expected, raw);
  return value;
}

/** One of `choices`; `undefined` stays `undefined`. */
export function enumFlag<T extends string>(flag: string, raw: string | undefined, choices: readonly T[]) {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw))
    throw invalidOption(flag, `one of ${choices.join(", ")}`, raw);
  return raw as T;
}

/** An absolute http(s) URL without credentials in it. */
export function httpUrlFlag(flag: string, raw: string | undefined) {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidOption(flag, "an http:// or https:// URL", raw);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidOption(flag, "an http:// or https:// URL", raw);
  }
  if (url.username !== "" || url.password !== "") {
    // Never echo a URL that carries credentials.
    throw invalidOption(
      flag,
      "a URL without user:password (credentials come from the environment)",
      "<redacted>",
    );
  }
  return raw.replace(/\/+$/, "");
}
