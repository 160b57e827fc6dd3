export type {
  Engine,
  EngineOptions,
  LivePageJson,
  LiveResultObject,
  PageBufferSource,
} from "./engine/engine.js";
export { createEngine } from "./engine/engine.js";
export { EngineConfigError, SimTaskError } from "./engine/errors.js";
export type { GroundTruth } from "./engine/truth.js";
export { SimulatorError, SimulatorOptionsError } from "./errors.js";
export type { FaultKind, FaultOptions } from "./faults/kinds.js";
export { FAULT_KINDS } from "./faults/kinds.js";
export type { SimulatorOptions } from "./options.js";
export type { RunningSimulator } from "./start.js";
export { startSimulator } from "./start.js";
export type { RefusalKind, SimulatorStats } from "./stats.js";
export { DEFAULT_DEMO_TARGET, DEFAULT_TARGETS } from "./targets.js";
