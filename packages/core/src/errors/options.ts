import { BacklinksError } from "./base.js";

/**
 * A client or pagination option is invalid. One line naming the option, what was expected and
 * what was given. Secret options (login, password) only ever report their type, never the value.
 */
export class InvalidOptionsError extends BacklinksError {
  /** The option's path, e.g. `retry.maxAttempts`. */
  readonly option: string;
  /** Same as `option`, under the name validation issues use, for callers that map both alike. */
  readonly field: string;

  constructor(option: string, expected: string, given: string) {
    super("ERR_INVALID_OPTIONS", `${option}: expected ${expected}, got ${given}`);
    this.option = option;
    this.field = option;
  }

  override get name(): string {
    return "InvalidOptionsError";
  }
}

/** The client was used after `close()`. */
export class ClientClosedError extends BacklinksError {
  constructor() {
    super("ERR_CLIENT_CLOSED", "the backlinks client is closed");
  }

  override get name(): string {
    return "ClientClosedError";
  }
}
