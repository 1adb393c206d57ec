// The server (factory, options, errors, status table, metrics), the default plan generator, the
// client (also alone at `@travel-planner/plan-service/client`), and for code that builds on the
// service: plan conversions, the proto location and the reflection descriptors.

export { BUSINESS_METRIC_NAMES, GAUGE_TOP_DESTINATIONS } from './analytics/business-gauges';
export { ANALYTICS_TOKEN_KEY } from './auth';
export type {
  CallOptions,
  CancelPlanRequest,
  CancelPlanResponse,
  ConfirmPlanRequest,
  ConfirmPlanResponse,
  CreatePlanRequest,
  CreatePlanResponse,
  DeepPartial,
  GeneratePlanRequest,
  GeneratePlanResponse,
  GetPlanRequest,
  GetPlanResponse,
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
  UnsharePlanRequest,
  UnsharePlanResponse,
  UpdatePlanRequest,
  UpdatePlanResponse,
} from './client/index';
export {
  createPlanServiceClient,
  credentials,
  GrpcStatus,
  PlanEventAction,
  PlanServiceError,
  PlanStatus,
  PlanView,
  ShareRole,
} from './client/index';
export type {
  PlanServiceOptions,
  PlanServiceServer,
  PlanServiceTlsOptions,
  ShutdownOptions,
} from './create-plan-service';
export { createPlanService } from './create-plan-service';
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
export {
  etagOf,
  fromProtoPlan,
  fromProtoStatus,
  toProtoPlan,
  toProtoStatus,
  versionOfEtag,
} from './plan-conversion';
export {
  ANALYTICS_SERVICE_PROTO,
  defaultProtoDirectory,
  loadReflectionDefinition,
  PLAN_SERVICE_PROTO,
} from './proto-files';
export type { PlanServiceErrorCode } from './status-codes';
export { GRPC_STATUS_BY_CODE, protoFieldName, toCallStatus } from './status-codes';
