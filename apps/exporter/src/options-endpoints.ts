/**
 * Validation of the endpoint options of `ExportOptions`: `api` (base URL and credentials — the
 * password is never echoed, not even a wrong one) and `s3` (endpoint, region, credentials).
 */
import type { ExportOptions } from "./export/types.js";
import type { OutputLocation } from "./sinks/location.js";
import type { S3SinkOptions } from "./sinks/s3.js";
import { isObject, show } from "./value-text.js";

/** Check `api`; problems go to `add`. */
export function resolveApi(
  api: ExportOptions["api"] | undefined,
  add: (f: string, m: string) => void,
): { baseUrl: string; login: string; password: string } {
  if (!isObject(api)) {
    add("api", `expected { baseUrl, login, password }, got ${show(api)}`);
    return { baseUrl: "", login: "", password: "" };
  }
  if (typeof api.baseUrl !== "string" || api.baseUrl === "") {
    add("api.baseUrl", `expected "live", "sandbox" or an http(s) URL, got ${show(api.baseUrl)}`);
  } else if (
    api.baseUrl !== "live" &&
    api.baseUrl !== "sandbox" &&
    !/^https?:\/\/[^\s]+$/i.test(api.baseUrl)
  ) {
    add("api.baseUrl", `expected "live", "sandbox" or an http(s) URL, got ${show(api.baseUrl)}`);
  }
  if (typeof api.login !== "string" || api.login === "") {
    add(
      "api.login",
      `expected a non-empty login, got ${api.login === "" ? "an empty string" : typeof api.login}`,
    );
  }
  // never echo the password, not even a wrong one
  if (typeof api.password !== "string" || api.password === "") {
    add(
      "api.password",
      `expected a non-empty password, got ${api.password === "" ? "an empty string" : typeof api.password}`,
    );
  }
  return { baseUrl: String(api.baseUrl), login: String(api.login), password: String(api.password) };
}

/** Check `s3` against the output location; problems go to `add`. */
export function resolveS3(
  s3: ExportOptions["s3"] | undefined,
  location: OutputLocation | undefined,
  add: (f: string, m: string) => void,
): S3SinkOptions {
  if (s3 === undefined) return {};
  if (!isObject(s3)) {
    add("s3", `expected an object, got ${show(s3)}`);
    return {};
  }
  if (location && location.kind !== "s3")
    add("s3", `only applies to an s3:// out, got out ${show(location.display)}`);
  if (
    s3.endpoint !== undefined &&
    (typeof s3.endpoint !== "string" || !/^https?:\/\/[^\s/]+/i.test(s3.endpoint))
  ) {
    add("s3.endpoint", `expected an http(s) URL, got ${show(s3.endpoint)}`);
  }
  if (s3.region !== undefined && (typeof s3.region !== "string" || s3.region === "")) {
    add("s3.region", `expected a region name, got ${show(s3.region)}`);
  }
  if (s3.partSize !== undefined && (!Number.isInteger(s3.partSize) || s3.partSize < 5 * 1024 * 1024)) {
    add("s3.partSize", `expected an integer >= 5242880 bytes, got ${show(s3.partSize)}`);
  }
  if (
    s3.credentials !== undefined &&
    (!isObject(s3.credentials) ||
      typeof s3.credentials.accessKeyId !== "string" ||
      typeof s3.credentials.secretAccessKey !== "string")
  ) {
    add("s3.credentials", "expected { accessKeyId, secretAccessKey } strings (values not shown)");
  }
  const out: S3SinkOptions = {};
  if (s3.endpoint !== undefined) out.endpoint = s3.endpoint;
  if (s3.region !== undefined) out.region = s3.region;
  if (s3.forcePathStyle !== undefined) out.forcePathStyle = s3.forcePathStyle === true;
  if (s3.credentials !== undefined) out.credentials = { ...s3.credentials };
  if (s3.partSize !== undefined) out.partSize = s3.partSize;
  return out;
}
