// The server (factory, options, errors, status table, metrics), the default plan generator, the
// client (also alone at `@travel-planner/plan-service/client`), and for code that builds on the
// service: plan conversions and the reflection descriptors.

export { BUSINESS_METRIC_NAMES, GAUGE_TOP_DESTINATIONS } from './analytics/business-gauges';
export { AnswerReserve } from './answer-reserve';
export { ANALYTICS_TOKEN_KEY } from './auth';
export type { AuthMode, AuthOptions } from './auth/auth-options';
export { AUTH_DEFAULTS } from './auth/auth-options';
export type { SignInCheck, SignInErrorCode } from './auth/sign-in-error';
export { SignInError } from './auth/sign-in-error';
export type { SiweVerifier, SiweVerifierOptions, VerifiedSignIn } from './auth/siwe-verifier';
export { createSiweVerifier, MAX_ISSUED_AT_SKEW_MS } from './auth/siwe-verifier';
export { CACHE_HEALTH_SERVICE } from './cache-health-name';
export type {
  CallOptions,
  CancelPlanRequest,
  CancelPlanResponse,
  ConfirmPlanRequest,
  ConfirmPlanResponse,
  CreateNonceResponse,
  CreatePlanRequest,
  CreatePlanResponse,
  DeepPartial,
  GeneratePlanRequest,
  GeneratePlanResponse,
  GetPlanRequest,
  GetPlanResponse,
  GetSessionResponse,
  HealthStatus,
  ListPlanEventsRequest,
  ListPlanEventsResponse,
  ListPlanSharesRequest,
  ListPlanSharesResponse,
  ListSharedPlansRequest,
  ListSharedPlansResponse,
  ListUserPlansRequest,
  ListUserPlansResponse,
  Plan,
  PlanEvent,
  PlanServiceClient,
  PlanServiceClientOptions,
  PlanShare,
  SharedPlan,
  SharePlanRequest,
  SharePlanResponse,
  SignInRequest,
  SignInResponse,
  UnsharePlanRequest,
  UnsharePlanResponse,
  UpdatePlanRequest,
  UpdatePlanResponse,
} from './client/index';
export {
  createPlanServiceClient,
  credentials,
  GrpcStatus,
  INVALID_FIELD_KEY,
  PLAN_STATUS_BY_NAME,
  PlanEventAction,
  PlanServiceError,
  PlanStatus,
  PlanView,
  planStatusName,
  SESSION_TOKEN_KEY,
  ShareRole,
} from './client/index';
export type {
  PlanServiceOptions,
  PlanServiceServer,
  PlanServiceTlsOptions,
  ShutdownOptions,
} from './create-plan-service';
export { createPlanService, PLAN_SERVICE_DEFAULTS } from './create-plan-service';
export { DEFAULT_ADDRESS } from './default-address';
export type { ServiceEnvConfig } from './env-config';
export { serviceConfigFromEnv, serviceOptionsFromConfig } from './env-config';
export type { CallRejectedCode } from './errors';
export { CallRejectedError, PlanServiceConfigError } from './errors';
export type {
  CatalogPlanGeneratorOptions,
  GeneratedPlan,
  GeneratePlanInput,
  PlanGenerator,
} from './generator';
export { BudgetTooSmallError, createCatalogPlanGenerator, formatPlanMarkdown } from './generator';
export { PLAN_SERVICE_NAME } from './health-monitor';
export type { MetricsServer } from './metrics';
export { METRIC_NAMES, startMetricsServer } from './metrics';
export { etagOf, fromProtoStatus, toProtoPlan, toProtoStatus, versionOfEtag } from './plan-conversion';
export { REFLECTED_FILES } from './proto-files';
export type { PlanServiceErrorCode } from './status-codes';
export { GRPC_STATUS_BY_CODE, protoFieldName, toCallStatus } from './status-codes';
