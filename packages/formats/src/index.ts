export type { FormatName } from "./names.js";
export { FORMAT_NAMES } from "./names.js";
