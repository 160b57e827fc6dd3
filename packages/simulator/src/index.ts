export { DEFAULT_DEMO_TARGET } from "./targets.js";
