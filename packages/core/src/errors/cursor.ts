import { BacklinksError } from "./base.js";

/** A cursor was offered for a request other than the one it was made for. */
export class CursorMismatchError extends BacklinksError {
  readonly expectedHash: string;
  readonly cursorHash: string;

  constructor(expectedHash: string, cursorHash: string) {
    super(
      "ERR_CURSOR_MISMATCH",
      `cursor belongs to another request: cursor requestHash ${cursorHash.slice(0, 12)}…, this request ${expectedHash.slice(0, 12)}…; the request changed since the cursor was saved`,
    );
    this.expectedHash = expectedHash;
    this.cursorHash = cursorHash;
  }

  override get name(): string {
    return "CursorMismatchError";
  }
}

/** A value offered as a cursor is not a version-1 cursor. */
export class InvalidCursorError extends BacklinksError {
  constructor(message: string) {
    super("ERR_INVALID_CURSOR", message);
  }

  override get name(): string {
    return "InvalidCursorError";
  }
}

/**
 * The API handed back a `search_after_token` already used in this chain: following it would loop
 * forever or repeat rows, so pagination stops loudly.
 */
export class RepeatedTokenError extends BacklinksError {
  /** The page whose response repeated the token. */
  readonly pageNumber: number;

  constructor(pageNumber: number) {
    super(
      "ERR_REPEATED_TOKEN",
      `page ${pageNumber} returned a search_after_token already used in this chain; stopping to avoid repeating rows`,
    );
    this.pageNumber = pageNumber;
  }

  override get name(): string {
    return "RepeatedTokenError";
  }
}
