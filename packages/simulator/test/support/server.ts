/**
 * Start a server with validated options over the real engine (a small target, so datasets build
 * in milliseconds), or over a given engine for server-only behaviour.
 */
import { createEngine } from "../../src/engine/engine.js";
import { resolveOptions, type SimulatorOptions } from "../../src/options.js";
import type { SimulatorEngine } from "../../src/server/engine-port.js";
import { listen, type SimulatorServer } from "../../src/server/server.js";

export const AUTH = Object.freeze({ login: "tester", password: "s3cret-pass" });

/** The dataset the integration tests page through. */
export const TEST_TARGETS = Object.freeze({ "example.com": 3000 });

export async function serve(
  options: SimulatorOptions = {},
  engine: SimulatorEngine = createEngine({ seed: 7, targets: TEST_TARGETS }),
): Promise<SimulatorServer & { auth: typeof AUTH }> {
  const server = await listen(resolveOptions({ credentials: AUTH, ...options }), engine);
  return Object.assign(server, { auth: AUTH });
}
