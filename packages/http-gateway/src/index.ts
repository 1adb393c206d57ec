// Relevant to users of the gateway.

export { CORS_ORIGIN_PATTERN, corsOriginMatchers, DEFAULT_CORS_ORIGINS } from './cors-origins';
export { createGateway } from './create-gateway';
export type { GatewayConfig } from './env';
export { GatewayConfigError, gatewayConfigFromEnv, gatewayOptionsFromConfig } from './env';
export type { GatewayOptions, GatewayRateLimit, GatewaySettings, ServerTimeouts } from './gateway-options';
export { GATEWAY_DEFAULTS, resolveGatewayOptions } from './gateway-options';
export { METRIC_NAMES } from './plugins/metrics';
export { REQUEST_ID_HEADER } from './request-id';
export { IDEMPOTENCY_KEY_HEADER, REQUEST_TIMEOUT_HEADER } from './schemas';
export type { GrpcStatusName } from './status-codes';
export { GRPC_TO_HTTP_STATUS, grpcStatusName, httpStatusFromGrpc } from './status-codes';

// Relevant to code that builds on the gateway (other Fastify apps, tests of the REST contract).

export type { AnalyticsAccess } from './analytics-page/access';
export { ANALYTICS_COOKIE, ANALYTICS_COOKIE_MAX_AGE_S, createAnalyticsAccess } from './analytics-page/access';
export { chartJsSource } from './analytics-page/assets';
export { ANALYTICS_ASSETS, ANALYTICS_CSP, analyticsPageHtml } from './analytics-page/page-html';
export { ANALYTICS_PAGE_SCRIPT } from './analytics-page/page-script';
export { analyticsLoginSchema, analyticsSummarySchema } from './analytics-schemas';
export {
  logoutSchema,
  MAX_SIGN_IN_MESSAGE_LENGTH,
  nonceSchema,
  sessionSchema,
  verifySchema,
} from './auth-schemas';
export { planServiceDeadlineMs, requestDeadlineMs } from './deadline';
export type { GatewayErrorCode, HttpFailure } from './errors';
export {
  clientErrorHandler,
  errorHandler,
  frameworkErrorHandler,
  GATEWAY_ERRORS,
  GatewayError,
  gatewayFailure,
  genericServerMessage,
  notFoundHandler,
  parserFailure,
  toHttpFailure,
} from './errors';
export { etagFromIfMatch, IF_MATCH_HEADER, toEtagHeader } from './etag';
export type {
  BookingBody,
  BookingStatus,
  GeneratePlanBody,
  GenericErrorBody,
  HealthBody,
  HealthCheckState,
  HealthChecks,
  LegacyFlight,
  LegacyHotel,
  LegacyPlan,
  LegacyShape,
  PlanBody,
  PlanDetail,
  RestPlanStatus,
  UserPlanSummary,
  UserPlansBody,
} from './legacy-bodies';
export {
  bookingSuccess,
  errorBody,
  generatePlanSuccess,
  legacyPlan,
  planDetail,
  planSuccess,
  restPlanStatus,
  userPlanSummary,
  userPlansSuccess,
} from './legacy-bodies';
export type { GatewayAuthMode } from './openapi-operations';
export { SECURITY_SCHEMES, securityOf, securitySchemesOf } from './openapi-operations';
export { closeIdleConnectionsPlugin } from './plugins/close-idle-connections';
export type { CorsPolicyPluginOptions } from './plugins/cors-policy';
export { corsPolicyPlugin } from './plugins/cors-policy';
export type { DocsPluginOptions } from './plugins/docs';
export { docsPlugin } from './plugins/docs';
export type { MetricsPluginOptions } from './plugins/metrics';
export { metricsPlugin } from './plugins/metrics';
export type { PlanClientPluginOptions } from './plugins/plan-client';
export { planClientPlugin } from './plugins/plan-client';
export type { SessionPluginOptions, SessionSource } from './plugins/session';
export {
  clearSessionCookie,
  SESSION_COOKIE,
  sessionPlugin,
  setSessionCookie,
} from './plugins/session';
export { echoRequestId, isValidRequestId, requestIdFor } from './request-id';
export { OneLinePerRequest } from './request-log';
export { RouteShapes } from './route-shapes';
export type { AnalyticsRoutesOptions } from './routes/analytics';
export { analyticsRoutes, summaryJson } from './routes/analytics';
export { authRoutes } from './routes/auth';
export type { CheckOutcome, HealthRoutesOptions, ServingStatus } from './routes/health';
export { healthBody, healthRoutes } from './routes/health';
export { allowOnly } from './routes/method-not-allowed';
export { planRoutes } from './routes/plans';
export { sharingRoutes } from './routes/sharing';
export { UNPAGED_LIST_CEILING } from './schemas';
export { fastifyServerOptions } from './server-options';
export type { EventJson, RestShareRole, SharedPlanSummary, ShareJson } from './sharing-bodies';
export { eventJson, sharedPlanSummary, shareJson } from './sharing-bodies';
export {
  DEFAULT_SHARING_PAGE_SIZE,
  listPlanEventsSchema,
  listPlanSharesSchema,
  listSharedPlansSchema,
  sharePlanSchema,
  unsharePlanSchema,
  updatePlanSchema,
} from './sharing-schemas';
export type { HttpPart } from './validation';
export { createValidatorCompiler, fieldOf, validationMessage } from './validation';
