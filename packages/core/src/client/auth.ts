/**
 * HTTP Basic credentials that cannot leak by accident: the header value lives in a `#private`
 * field (invisible to `JSON.stringify`, `util.inspect`, spreading and `Object.keys`), and every
 * printable rendering says `[redacted]`.
 */
import { inspect } from "node:util";

/** Holds the Basic `Authorization` header value for one login. */
export class BasicAuth {
  readonly #header: string;

  constructor(login: string, password: string) {
    this.#header = `Basic ${Buffer.from(`${login}:${password}`, "utf8").toString("base64")}`;
  }

  /** The `Authorization` header value; only the transport calls this. */
  header(): string {
    return this.#header;
  }

  toString(): string {
    return "BasicAuth [redacted]";
  }

  toJSON(): string {
    return "[redacted]";
  }

  [inspect.custom](): string {
    return "BasicAuth [redacted]";
  }
}
