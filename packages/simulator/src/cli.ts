#!/usr/bin/env node
/**
 * `backlinks-simulator`: the simulator as a command. Prints its URL and credentials (a local,
 * generated login for a fake API — printing them is the point), serves until SIGINT/SIGTERM.
 */
import { parseCliArgs, USAGE } from "./cli-args.js";
import { resolveOptions } from "./options.js";
import { startResolved } from "./start.js";
import { DEFAULT_TARGETS } from "./targets.js";

async function main(): Promise<number> {
  const request = parseCliArgs(process.argv.slice(2));
  if (request.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const resolved = resolveOptions(request.options);
  const sim = await startResolved(resolved, { warm: request.warm });
  const { login, password } = sim.credentials;
  if (request.json) {
    process.stdout.write(`${JSON.stringify({ url: sim.url, login, password })}\n`);
  } else {
    process.stdout.write(
      [
        `backlinks-simulator listening on ${sim.url}`,
        `  login:    ${login}`,
        `  password: ${password}`,
        `  endpoint: POST ${sim.url}/v3/backlinks/backlinks/live`,
        `  targets:  ${Object.entries(resolved.targets ?? DEFAULT_TARGETS)
          .map(([name, size]) => `${name} (${size.toLocaleString("en-US")})`)
          .join(", ")}`,
        "Press Ctrl+C to stop.",
        "",
      ].join("\n"),
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await sim.close();
  const s = sim.stats();
  const faults = Object.values(s.faults).reduce((a, b) => a + b, 0);
  process.stderr.write(
    `backlinks-simulator stopped: ${s.requests} requests, cost $${s.cost}, ${faults} faults injected, ` +
      `${s.refusals.rateLimit + s.refusals.concurrency} refused by limits, max ${s.maxConcurrentSeen} in flight\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error as { code?: string; message?: string };
    process.stderr.write(
      `backlinks-simulator: ${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
