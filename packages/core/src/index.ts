export type {
  BacklinksClient,
  LiveCallOptions,
  LiveCallResult,
  RawLiveCallOptions,
  RawLiveCallResult,
} from "./client/client.js";
export { createClient } from "./client/client.js";
export type { ClientStats } from "./client/cost.js";
export type { ClientOptions, RetryInfo } from "./client/options.js";
export { DEFAULT_RATE, DEFAULT_TIMEOUTS, MAX_CONCURRENCY } from "./client/options.js";
export type { BaseUrlPreset, Endpoint } from "./client/presets.js";
export { BACKLINKS_LIVE_PATH, BASE_URL_PRESETS } from "./client/presets.js";
export type { RetryDecision, RetryInput, RetryPolicy } from "./client/retry.js";
export { DEFAULT_RETRY_POLICY, decideRetry, isRetryable, parseRetryAfter } from "./client/retry.js";
export type { ParseContext } from "./envelope.js";
export { parseLiveResponse, parseLiveResponseText } from "./envelope.js";
export { AbortError } from "./errors/abort.js";
export type { ApiStatusErrorDetails } from "./errors/api-status.js";
export { ApiStatusError } from "./errors/api-status.js";
export { BacklinksError } from "./errors/base.js";
export { CursorMismatchError, InvalidCursorError, RepeatedTokenError } from "./errors/cursor.js";
export type { HttpErrorDetails } from "./errors/http.js";
export { HttpError } from "./errors/http.js";
export { MalformedResponseError } from "./errors/malformed.js";
export { NetworkError } from "./errors/network.js";
export { ClientClosedError, InvalidOptionsError } from "./errors/options.js";
export type { ExhaustedBy } from "./errors/retries.js";
export { RetriesExhaustedError } from "./errors/retries.js";
export type { TimeoutPhase } from "./errors/timeout.js";
export { TimeoutError } from "./errors/timeout.js";
export { FilterSyntaxError, RequestValidationError } from "./errors/validation.js";
export { formatFilter } from "./filters/format.js";
export { parseFilter } from "./filters/parse.js";
export type { CustomModeField, FieldType, FilterField, FilterOperator } from "./model/fields.js";
export { CUSTOM_MODE_FIELDS, FILTER_FIELDS, LIMITS, OPERATORS_BY_TYPE } from "./model/fields.js";
export type { ValidationIssue, ValidationIssueCode } from "./model/issues.js";
export type { BacklinkItem, BacklinkItemField, IndirectLinkHop, RankedKeywordsInfo } from "./model/item.js";
export { BACKLINK_ITEM_FIELDS } from "./model/item.js";
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
export type { LiveResponse, LiveResult, LiveTask, ParsedLiveResponse } from "./model/response.js";
export type { TargetCheck, TargetKind } from "./model/target.js";
export { checkTarget, normalizeTarget } from "./model/target.js";
export { API_TIME_FORMAT, isApiTime, toApiTime } from "./model/time-format.js";
export type { ValidationResult } from "./model/validate.js";
export { assertValidRequest, REQUEST_FIELDS, validateRequest } from "./model/validate.js";
export { pagesToReadable, pagesToWebStream } from "./paginate/adapters.js";
export type { Cursor, CursorSet } from "./paginate/cursor.js";
export { initialCursor, parseCursor } from "./paginate/cursor.js";
export type {
  Page,
  PageOf,
  PageSource,
  PaginateOptions,
  RawPage,
  RawPageSource,
  RawPaginateOptions,
} from "./paginate/paginate.js";
export { paginateBacklinks } from "./paginate/paginate.js";
export { parsedPage } from "./paginate/parsed-page.js";
export { canonicalJson, requestHash } from "./paginate/request-hash.js";
export { RawItems, type RawItemsCheck } from "./raw/items.js";
export type { RawLiveResult, RawParsedLiveResponse } from "./raw/parse.js";
export { parseLiveResponseBytes } from "./raw/parse.js";
export type { BodyScan, ItemsLocation, RawItemCheck } from "./raw/scan.js";
export { scanLiveBody } from "./raw/scan.js";
export { andFilters, boundsCondition, countConditions, freeConditions } from "./shards/conditions.js";
export { ShardOptionsError } from "./shards/errors.js";
export { heldFirstPages, releaseFirstPages, takeFirstPage } from "./shards/first-pages.js";
export type { Grouping, KeyChoice, ShardKey, ShardKeyKind } from "./shards/keys.js";
export { chooseShardKey, commutingKeys, groupingOf } from "./shards/keys.js";
export type { KeyValue, ProbeStats, RangeEnd, Shard, ShardBounds, ShardPlan } from "./shards/model.js";
export type { PlanShardsOptions } from "./shards/plan.js";
export { planShards } from "./shards/plan.js";
export type { HeldPage, ShardClient } from "./shards/probe.js";
export type { PaginateShardsOptions, ShardPage } from "./shards/run.js";
export { paginateShards, shardRequest } from "./shards/run.js";
export type { PlanCompleteness, ShardCompleteness } from "./shards/verify.js";
export { checkShardCompleteness } from "./shards/verify.js";
export type { StatusCodeInfo, StatusLevel } from "./status-codes.js";
export { STATUS_CODES, STATUS_OK, statusCodeInfo } from "./status-codes.js";
