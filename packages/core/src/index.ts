export { BacklinksError } from "./errors/base.js";
export { FilterSyntaxError, RequestValidationError } from "./errors/validation.js";
export { formatFilter } from "./filters/format.js";
export { parseFilter } from "./filters/parse.js";
export type { CustomModeField, FieldType, FilterField, FilterOperator } from "./model/fields.js";
export { CUSTOM_MODE_FIELDS, FILTER_FIELDS, LIMITS, OPERATORS_BY_TYPE } from "./model/fields.js";
export type { ValidationIssue, ValidationIssueCode } from "./model/issues.js";
export type {
  BacklinksRequest,
  BacklinksStatusType,
  CustomMode,
  FilterCondition,
  FilterExpression,
  FilterJoin,
  FilterScalar,
  Mode,
  OrderByRule,
  RankScale,
} from "./model/request.js";
export type { TargetCheck, TargetKind } from "./model/target.js";
export { checkTarget, normalizeTarget } from "./model/target.js";
export { API_TIME_FORMAT, isApiTime, toApiTime } from "./model/time-format.js";
export type { ValidationResult } from "./model/validate.js";
export { assertValidRequest, REQUEST_FIELDS, validateRequest } from "./model/validate.js";
