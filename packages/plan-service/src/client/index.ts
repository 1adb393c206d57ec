// The PlanService client: what other services (the HTTP gateway) import, never src/gen. Beside the
// client: the wire types its methods take and return, and from the client's own grpc-js the status
// codes by name (`GrpcStatus.NOT_FOUND === 5`, to compare with `PlanServiceError.code`) and
// channel credentials (`credentials.createSsl(ca, key, cert)`).

export type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
export { credentials, status as GrpcStatus } from '@grpc/grpc-js';
export { SESSION_TOKEN_KEY } from '../auth/session-metadata';
export { CACHE_HEALTH_SERVICE } from '../cache-health-name';
export { DEFAULT_ADDRESS } from '../default-address';
export type {
  DailyFigures,
  DestinationFigures,
  Funnel,
  GetSummaryRequest,
  GetSummaryResponse,
  StatusTotals,
} from '../gen/travel/analytics/v1/analytics_service';
export type {
  CreateNonceResponse,
  GetSessionResponse,
  SignInRequest,
  SignInResponse,
} from '../gen/travel/auth/v1/auth_service';
export type {
  CancelPlanRequest,
  CancelPlanResponse,
  ConfirmPlanRequest,
  ConfirmPlanResponse,
  CreatePlanRequest,
  CreatePlanResponse,
  GeneratePlanRequest,
  GeneratePlanResponse,
  GetPlanRequest,
  GetPlanResponse,
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
  PlanShare,
  SharedPlan,
  SharePlanRequest,
  SharePlanResponse,
  UnsharePlanRequest,
  UnsharePlanResponse,
  UpdatePlanRequest,
  UpdatePlanResponse,
} from '../gen/travel/plan/v1/plan_service';
export { PlanEventAction, PlanStatus, PlanView, ShareRole } from '../gen/travel/plan/v1/plan_service';
export type { ClientEnvConfig } from './client-env-config';
export { clientConfigFromEnv } from './client-env-config';
export type {
  CallOptions,
  DeepPartial,
  HealthStatus,
  PlanServiceClient,
  PlanServiceClientOptions,
} from './create-plan-service-client';
export { createPlanServiceClient } from './create-plan-service-client';
export { INVALID_FIELD_KEY, PlanServiceError } from './plan-service-error';
export { PLAN_STATUS_BY_NAME, planStatusName } from './plan-status';
