export { describeExport } from "./describe.js";
