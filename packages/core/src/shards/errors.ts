import { BacklinksError } from "../errors/base.js";

/**
 * A shard planner or shard runner option is invalid (unknown shard key, non-positive target size,
 * a plan that does not fit the request it is run with). One line naming the option, what was
 * expected and what was given. Refusing to shard is not an error: it is a plan with a `reason`.
 */
export class ShardOptionsError extends BacklinksError {
  /** The option at fault, e.g. `key` or `targetRows`. */
  readonly option: string;

  constructor(option: string, expected: string, given: string) {
    super("ERR_SHARD_OPTIONS", `shards.${option}: expected ${expected}, got ${given}`);
    this.option = option;
  }

  override get name(): string {
    return "ShardOptionsError";
  }
}
