import { BacklinksError } from "@backlinks/core";

/**
 * Base class of the errors the simulator throws to its embedder (bad options, a port in use).
 * Task-level API errors are not exceptions to the embedder: they become envelope status codes.
 */
export class SimulatorError extends BacklinksError {
  override get name(): string {
    return "SimulatorError";
  }
}

/** A `SimulatorOptions` value (or CLI flag) is invalid; `field` names it, e.g. `limits.maxConcurrent`. */
export class SimulatorOptionsError extends SimulatorError {
  /** Dotted path of the offending option. */
  readonly field: string;

  /** `givenText` replaces the rendering of `given` (for secrets: say what kind of value, never the value). */
  constructor(field: string, expected: string, given: unknown, givenText?: string) {
    super(
      "ERR_SIM_OPTIONS",
      `invalid simulator option ${field}: expected ${expected}, got ${givenText ?? describe(given)}`,
    );
    this.field = field;
  }

  override get name(): string {
    return "SimulatorOptionsError";
  }
}

/** Short rendering of a given value for an error message (never a whole object graph). */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
