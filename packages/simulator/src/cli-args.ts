import { parseArgs } from "node:util";
import { SimulatorOptionsError } from "./errors.js";
import { FAULT_KINDS, type FaultKind, isFaultKind } from "./faults/kinds.js";
import type { SimulatorOptions } from "./options.js";

/** What the command line asks for: simulator options plus how the CLI itself behaves. */
export interface CliRequest {
  readonly options: SimulatorOptions;
  /** Generate every target's dataset before listening (default true; `--no-warm`). */
  readonly warm: boolean;
  /** Print one JSON line `{ url, login, password }` instead of the human banner. */
  readonly json: boolean;
  readonly help: boolean;
}

/** `backlinks-simulator --help`. */
export const USAGE = `Usage: backlinks-simulator [options]

A local DataForSEO Backlinks API (POST /v3/backlinks/backlinks/live) over a deterministic dataset.

Server
  --host <host>                 interface to listen on (default 127.0.0.1)
  --port <port>                 TCP port, 0 = any free port (default 0)
  --login <login>               HTTP Basic login (default generated)
  --password <password>         HTTP Basic password (default generated)
Dataset
  --seed <int>                  dataset seed (default 1)
  --target <domain=size>        a target and its live backlinks, repeatable; replaces the demo set
                                (default example.com=1000000 example.org=50000 example.net=2000)
  --no-warm                     generate datasets on first request instead of at start
Latency (per live request: fixed + per item + jitter)
  --latency <ms>                fixed delay (default 0)
  --latency-per-item <ms>       delay per returned item (default 0)
  --jitter <ms>                 random extra delay in [0, ms), deterministic under --seed (default 0)
Limits ("off" disables one)
  --rpm <n|off>                 requests per minute, sliding 60 s window → 40202 (default 2000)
  --max-concurrent <n|off>      simultaneous requests → 40209 (default 30)
  --daily-cost-limit <usd>      daily cost limit → 40203 (default none)
  --balance <usd>               account balance → task 40210, HTTP 402 when empty (default none)
  --price-per-request <usd>     (default 0.02)
  --price-per-item <usd>        (default 0.00003)
Faults (probabilities per live request, deterministic under --fault-seed)
  --fault <kind=probability>    repeatable; kinds: ${FAULT_KINDS.join(", ")}
  --fault-at <n=kind>           inject kind at live request number n (1-based), repeatable
  --fault-seed <int>            (default: --seed)
  --slow-body-ms <ms>           duration of a slowBody response (default 1000)
Output
  --json                        print {"url","login","password"} as one JSON line
  -h, --help                    this text

SIGINT / SIGTERM close the server and print a summary.`;

/**
 * Parse argv (without `node` and the script). Throws `SimulatorOptionsError` naming the flag for
 * anything malformed; range checks are left to `resolveOptions`, which names the option.
 */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new SimulatorOptionsError(
      "argv",
      "known flags with values (see --help)",
      null,
      (error as Error).message,
    );
  }
  const v = parsed.values;
  const options: {
    -readonly [K in keyof SimulatorOptions]: SimulatorOptions[K];
  } = {};
  if (v.host !== undefined) options.host = v.host;
  if (v.port !== undefined) options.port = int("--port", v.port);
  if (v.seed !== undefined) options.seed = int("--seed", v.seed);
  if (v.target !== undefined) options.targets = Object.fromEntries(v.target.map((t) => target(t)));
  if (v.login !== undefined || v.password !== undefined) {
    if (v.login === undefined || v.password === undefined) {
      throw new SimulatorOptionsError("--login/--password", "both flags together", null, "only one");
    }
    options.credentials = { login: v.login, password: v.password };
  }
  const latency = {
    ...(v.latency !== undefined && { fixedMs: num("--latency", v.latency) }),
    ...(v["latency-per-item"] !== undefined && {
      perItemMs: num("--latency-per-item", v["latency-per-item"]),
    }),
    ...(v.jitter !== undefined && { jitterMs: num("--jitter", v.jitter) }),
  };
  if (Object.keys(latency).length > 0) options.latency = latency;
  const limits = {
    ...(v.rpm !== undefined && { requestsPerMinute: intOrOff("--rpm", v.rpm) }),
    ...(v["max-concurrent"] !== undefined && {
      maxConcurrent: intOrOff("--max-concurrent", v["max-concurrent"]),
    }),
    ...(v["daily-cost-limit"] !== undefined && {
      dailyCostLimit: num("--daily-cost-limit", v["daily-cost-limit"]),
    }),
    ...(v.balance !== undefined && { balance: num("--balance", v.balance) }),
  };
  if (Object.keys(limits).length > 0) options.limits = limits;
  const pricing = {
    ...(v["price-per-request"] !== undefined && {
      perRequest: num("--price-per-request", v["price-per-request"]),
    }),
    ...(v["price-per-item"] !== undefined && { perItem: num("--price-per-item", v["price-per-item"]) }),
  };
  if (Object.keys(pricing).length > 0) options.pricing = pricing;
  const faults: Record<string, unknown> = {};
  for (const spec of v.fault ?? []) {
    const [kind, p] = pair("--fault", spec, "kind=probability");
    if (!isFaultKind(kind))
      throw new SimulatorOptionsError("--fault", `a kind among ${FAULT_KINDS.join("|")}`, kind);
    faults[kind] = num("--fault", p);
  }
  const schedule: Record<number, FaultKind> = {};
  for (const spec of v["fault-at"] ?? []) {
    const [n, kind] = pair("--fault-at", spec, "n=kind");
    if (!isFaultKind(kind))
      throw new SimulatorOptionsError("--fault-at", `a kind among ${FAULT_KINDS.join("|")}`, kind);
    schedule[int("--fault-at", n)] = kind;
  }
  if (Object.keys(schedule).length > 0) faults.schedule = schedule;
  if (v["fault-seed"] !== undefined) faults.seed = int("--fault-seed", v["fault-seed"]);
  if (v["slow-body-ms"] !== undefined) faults.slowBodyMs = num("--slow-body-ms", v["slow-body-ms"]);
  if (Object.keys(faults).length > 0) options.faults = faults;
  return { options, warm: !v["no-warm"], json: v.json === true, help: v.help === true };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      login: { type: "string" },
      password: { type: "string" },
      seed: { type: "string" },
      target: { type: "string", multiple: true },
      "no-warm": { type: "boolean" },
      latency: { type: "string" },
      "latency-per-item": { type: "string" },
      jitter: { type: "string" },
      rpm: { type: "string" },
      "max-concurrent": { type: "string" },
      "daily-cost-limit": { type: "string" },
      balance: { type: "string" },
      "price-per-request": { type: "string" },
      "price-per-item": { type: "string" },
      fault: { type: "string", multiple: true },
      "fault-at": { type: "string", multiple: true },
      "fault-seed": { type: "string" },
      "slow-body-ms": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function num(flag: string, text: string): number {
  const n = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new SimulatorOptionsError(flag, "a number", text);
  return n;
}

function int(flag: string, text: string): number {
  const n = num(flag, text);
  if (!Number.isInteger(n)) throw new SimulatorOptionsError(flag, "an integer", text);
  return n;
}

function intOrOff(flag: string, text: string): number | null {
  return text === "off" ? null : int(flag, text);
}

function pair(flag: string, spec: string, shape: string): [string, string] {
  const eq = spec.lastIndexOf("=");
  if (eq <= 0 || eq === spec.length - 1) throw new SimulatorOptionsError(flag, shape, spec);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

function target(spec: string): [string, number] {
  const [name, size] = pair("--target", spec, "domain=size, e.g. example.com=1000000");
  return [name, int("--target", size.replaceAll("_", ""))];
}
