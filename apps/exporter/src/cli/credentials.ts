/**
 * DataForSEO credentials: from `DATAFORSEO_LOGIN` / `DATAFORSEO_PASSWORD`, or from the file named by
 * `--credentials-file` (JSON or KEY=VALUE lines). Never from argv: a password on the command line
 * ends up in shell history and in `ps` for every user of the machine.
 */
import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";

/** API login and password (held in memory only; never printed or saved). */
export interface Credentials {
  readonly login: string;
  readonly password: string;
}

/** Flags that would put a secret on the command line; refused before parsing. */
const SECRET_FLAGS = [
  "--password",
  "--pass",
  "--passwd",
  "--login",
  "--user",
  "--username",
  "--api-key",
  "--secret",
  "--aws-secret-access-key",
  "--aws-access-key-id",
];
const SECRET_ASSIGNMENTS = /^(DATAFORSEO_(LOGIN|PASSWORD)|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)=/;

/**
 * Throws `ERR_SECRET_ON_ARGV` if argv tries to pass a credential. The message names the flag but
 * never repeats its value.
 */
export function refuseSecretsOnArgv(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === "--") return;
    const flag = arg.split("=", 1)[0]!.toLowerCase();
    if (SECRET_FLAGS.includes(flag) || SECRET_ASSIGNMENTS.test(arg)) {
      const name = SECRET_ASSIGNMENTS.test(arg) ? arg.split("=", 1)[0]! : flag;
      throw new CliError(
        "ERR_SECRET_ON_ARGV",
        `${name}: credentials are never read from the command line (shell history, ps); ` +
          "set DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD in the environment or use --credentials-file <path>",
      );
    }
  }
}

/** Resolves credentials: the file when named, else the environment. */
export async function resolveCredentials(
  env: Readonly<Record<string, string | undefined>>,
  credentialsFile: string | undefined,
): Promise<Credentials> {
  if (credentialsFile !== undefined) return readCredentialsFile(credentialsFile);
  const login = env.DATAFORSEO_LOGIN;
  const password = env.DATAFORSEO_PASSWORD;
  const missing = [...(login ? [] : ["DATAFORSEO_LOGIN"]), ...(password ? [] : ["DATAFORSEO_PASSWORD"])];
  if (missing.length > 0 || !login || !password) {
    throw new CliError(
      "ERR_CREDENTIALS_MISSING",
      `credentials: expected DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD in the environment (or --credentials-file <path>), ` +
        `got no ${missing.join(" and no ")}; for a free offline run use --simulate`,
    );
  }
  return { login, password };
}

/**
 * Reads a credentials file: a JSON object `{ "login", "password" }` (or the env-variable names as
 * keys), or `KEY=VALUE` lines (`DATAFORSEO_LOGIN=…`, `DATAFORSEO_PASSWORD=…`; `#` comments,
 * optional quotes, optional `export `). Errors never include the file's content.
 */
export async function readCredentialsFile(path: string): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new CliError(
      "ERR_CREDENTIALS_FILE",
      `--credentials-file: expected a readable file, got ${JSON.stringify(path)} (${reason})`,
      { cause: error },
    );
  }
  const values = text.trimStart().startsWith("{") ? fromJson(path, text) : fromKeyValue(text);
  const login = values.get("dataforseo_login") ?? values.get("login");
  const password = values.get("dataforseo_password") ?? values.get("password");
  if (!login || !password) {
    const missing = [...(login ? [] : ["login"]), ...(password ? [] : ["password"])].join(" and ");
    throw new CliError(
      "ERR_CREDENTIALS_FILE",
      `--credentials-file: expected DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD (JSON or KEY=VALUE) in ${JSON.stringify(path)}, got no ${missing}`,
    );
  }
  return { login, password };
}

function fromJson(path: string, text: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(
      "ERR_CREDENTIALS_FILE",
      `--credentials-file: expected valid JSON or KEY=VALUE lines in ${JSON.stringify(path)}, got invalid JSON`,
    );
  }
  const map = new Map<string, string>();
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string") map.set(key.toLowerCase(), value);
    }
  }
  return map;
}

function fromKeyValue(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    map.set(key, value);
  }
  return map;
}
