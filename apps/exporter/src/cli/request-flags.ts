/**
 * Maps the request flags to the task fields of core's request model, then validates the whole
 * task per target with core's `validateRequest` so the CLI rejects exactly what the library and the
 * API would — before any request is paid.
 */
import {
  type BacklinksRequest,
  CUSTOM_MODE_FIELDS,
  type FilterExpression,
  LIMITS,
  parseFilter,
  validateRequest,
} from "@backlinks/core";
import { CliError, describeGiven, invalidOption } from "./cli-error.js";
import { enumFlag, intFlag } from "./flag-values.js";
import type { RawFlags } from "./program.js";

/** The request part of the export options: the task without target and paging fields. */
export type RequestPart = Omit<BacklinksRequest, "target" | "offset" | "search_after_token" | "limit">;

const MODES = ["as_is", "one_per_domain", "one_per_anchor"] as const;
const STATUSES = ["all", "live", "lost"] as const;
const RANK_SCALES = ["one_hundred", "one_thousand"] as const;

/** Builds the request part from the flags (shape checks only; see {@link validateTargets}). */
export function requestFromFlags(flags: RawFlags): RequestPart {
  const request: { -readonly [K in keyof RequestPart]: RequestPart[K] } = {};
  const mode = enumFlag("--mode", flags.mode, MODES);
  if (mode !== undefined) request.mode = mode;
  if (flags.customMode !== undefined) request.custom_mode = customMode(flags.customMode);
  const filters = filtersFromFlags(flags);
  if (filters !== undefined) request.filters = filters;
  if (flags.orderBy.length > 0) {
    request.order_by = flags.orderBy.map((rule) => {
      const match = /^\s*([a-z_]+)\s*[,:]\s*(asc|desc)\s*$/i.exec(rule);
      if (!match) throw invalidOption("--order-by", "<field>,asc or <field>,desc", rule);
      return `${match[1]},${match[2]!.toLowerCase()}` as `${string},${"asc" | "desc"}`;
    });
  }
  const status = enumFlag("--status", flags.status, STATUSES);
  if (status !== undefined) request.backlinks_status_type = status;
  if (flags.includeSubdomains !== undefined) request.include_subdomains = flags.includeSubdomains;
  if (flags.excludeInternal !== undefined) request.exclude_internal_backlinks = flags.excludeInternal;
  if (flags.includeIndirect !== undefined) request.include_indirect_links = flags.includeIndirect;
  const rankScale = enumFlag("--rank-scale", flags.rankScale, RANK_SCALES);
  if (rankScale !== undefined) request.rank_scale = rankScale;
  return request;
}

function customMode(raw: string): RequestPart["custom_mode"] {
  const match = /^\s*([a-z_]+)\s*:\s*(\S+)\s*$/.exec(raw);
  const expected = `<field>:<1..${LIMITS.customModeValueMax}> with field one of ${CUSTOM_MODE_FIELDS.join(", ")}`;
  if (!match) throw invalidOption("--custom-mode", expected, raw);
  const field = match[1]!;
  if (!(CUSTOM_MODE_FIELDS as readonly string[]).includes(field))
    throw invalidOption("--custom-mode", expected, raw);
  const value = intFlag("--custom-mode", match[2], LIMITS.customModeValueMin, LIMITS.customModeValueMax)!;
  return { field: field as (typeof CUSTOM_MODE_FIELDS)[number], value };
}

function filtersFromFlags(flags: RawFlags): FilterExpression | undefined {
  if (flags.filter !== undefined && flags.filtersJson !== undefined) {
    throw invalidOption("--filters-json", "either --filter or --filters-json, not both", flags.filtersJson);
  }
  if (flags.filter !== undefined) {
    try {
      return parseFilter(flags.filter);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string") throw error;
      // Core prefixes "filter: "; the flag name replaces it.
      const message = (error as Error).message.replace(/[\r\n]+/g, " ").replace(/^filters?: /, "");
      throw new CliError(code, `--filter: ${message} (given ${describeGiven(flags.filter)})`, {
        cause: error,
      });
    }
  }
  if (flags.filtersJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(flags.filtersJson);
    } catch {
      throw invalidOption(
        "--filters-json",
        'a JSON array such as \'["dofollow","=",true]\'',
        flags.filtersJson,
      );
    }
    if (!Array.isArray(parsed)) {
      throw invalidOption(
        "--filters-json",
        'a JSON array such as \'["dofollow","=",true]\'',
        flags.filtersJson,
      );
    }
    return parsed as FilterExpression;
  }
  return undefined;
}

/** Which flag sets each top-level task field (for error messages). */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  target: "--target",
  mode: "--mode",
  custom_mode: "--custom-mode",
  order_by: "--order-by",
  limit: "--page-size",
  backlinks_status_type: "--status",
  include_subdomains: "--include-subdomains",
  include_indirect_links: "--include-indirect",
  exclude_internal_backlinks: "--exclude-internal",
  rank_scale: "--rank-scale",
};

/**
 * Validates the full task of every target with core's validator; the first issue becomes a one-line
 * `ERR_INVALID_REQUEST` naming the flag (and how many more issues there are).
 */
export function validateTargets(
  targets: readonly string[],
  request: RequestPart,
  pageSize: number,
  filterFlag: "--filter" | "--filters-json",
): void {
  for (const target of targets) {
    const result = validateRequest({ ...request, target, limit: pageSize });
    if (result.ok) continue;
    const [first, ...rest] = result.issues;
    if (first === undefined) continue;
    const flag = first.field === "filters" ? filterFlag : (FLAG_OF_FIELD[first.field] ?? `--${first.field}`);
    const where = first.field === "target" ? "" : ` (target ${describeGiven(target)})`;
    const more = rest.length > 0 ? ` (+${rest.length} more issue${rest.length > 1 ? "s" : ""})` : "";
    // Core prefixes the field path ("target: ", "order_by[0]: "); the flag name replaces it.
    const message = first.message.replace(/[\r\n]+/g, " ").replace(/^[a-z_]+(\[\d+\])*: /, "");
    throw new CliError("ERR_INVALID_REQUEST", `${flag}: ${message}${where}${more}`);
  }
}
