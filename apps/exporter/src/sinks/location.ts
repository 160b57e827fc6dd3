/** Parses the `out` option: a local directory or `s3://bucket/prefix`. */
import { resolve } from "node:path";
import { InvalidOptionsError } from "../errors.js";

/** Where a dataset lives. `prefix` has no leading or trailing slash ("" = bucket root). */
export type OutputLocation =
  | { readonly kind: "disk"; readonly dir: string; readonly display: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string; readonly display: string };

// S3 bucket naming rules (3..63 chars, lowercase letters, digits, dots, hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse `out`; throws InvalidOptionsError (field `out`) on an unusable value. */
export function parseLocation(out: string): OutputLocation {
  if (typeof out !== "string" || out.trim() === "") {
    throw new InvalidOptionsError([
      { field: "out", message: `expected a directory or s3://bucket/prefix, got ${JSON.stringify(out)}` },
    ]);
  }
  if (/^s3:\/\//i.test(out)) {
    const rest = out.slice(5);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = (slash < 0 ? "" : rest.slice(slash + 1)).replace(/^\/+|\/+$/g, "");
    if (!BUCKET.test(bucket)) {
      throw new InvalidOptionsError([
        {
          field: "out",
          message: `expected s3://<bucket>/<prefix> with a valid bucket name (3-63 chars a-z 0-9 . -), got ${JSON.stringify(out)}`,
        },
      ]);
    }
    if (prefix.split("/").some((seg) => seg === "." || seg === "..")) {
      throw new InvalidOptionsError([
        {
          field: "out",
          message: `expected an S3 prefix without . or .. segments, got ${JSON.stringify(out)}`,
        },
      ]);
    }
    return Object.freeze({
      kind: "s3",
      bucket,
      prefix,
      display: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
    });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) {
    throw new InvalidOptionsError([
      {
        field: "out",
        message: `expected a directory or s3://bucket/prefix, got unsupported scheme in ${JSON.stringify(out)}`,
      },
    ]);
  }
  return Object.freeze({ kind: "disk", dir: resolve(out), display: out });
}
