/** Start a server over any engine with validated options; closes are tracked for afterEach. */
import { resolveOptions, type SimulatorOptions } from "../../src/options.js";
import type { SimulatorEngine } from "../../src/server/engine-port.js";
import { listen, type SimulatorServer } from "../../src/server/server.js";
import { fakeEngine } from "./fake-engine.js";

export const AUTH = Object.freeze({ login: "tester", password: "s3cret-pass" });

export async function serve(
  options: SimulatorOptions = {},
  engine: SimulatorEngine = fakeEngine(),
): Promise<SimulatorServer & { auth: typeof AUTH }> {
  const server = await listen(resolveOptions({ credentials: AUTH, ...options }), engine);
  return Object.assign(server, { auth: AUTH });
}
