export {
  ApiAuthError,
  ApiError,
  BudgetExceededError,
  DailyCostLimitError,
  EXPORT_ERROR_CODES,
  ExportError,
  type ExportErrorCode,
  IncompleteExportError,
  InsufficientFundsError,
  InternalError,
  InvalidOptionsError,
  NothingToResumeError,
  type OptionIssue,
  OutputExistsError,
  ResumeMismatchError,
  SinkIoError,
  StateCorruptError,
} from "./errors.js";
export { exportBacklinks } from "./export/export.js";
export type {
  ExportCompression,
  ExportFormat,
  ExportHooks,
  ExportOptions,
  ExportSummary,
  LogEvent,
  ProgressEvent,
  TargetSummary,
} from "./export/types.js";
export {
  isOwnPath,
  MANIFEST_FILE,
  partitionDir,
  partitionValue,
  STATE_FILE,
  SUCCESS_FILE,
} from "./layout.js";
export type { Manifest, ManifestTarget } from "./manifest.js";
export { DEFAULTS, type ResolvedOptions, resolveOptions } from "./options.js";
export { type OutputLocation, parseLocation } from "./sinks/location.js";
export { TOOL } from "./version.js";
