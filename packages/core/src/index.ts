export { BacklinksError } from "./errors/base.js";
export type { CustomModeField, FieldType, FilterField, FilterOperator } from "./model/fields.js";
export { CUSTOM_MODE_FIELDS, FILTER_FIELDS, LIMITS, OPERATORS_BY_TYPE } from "./model/fields.js";
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
