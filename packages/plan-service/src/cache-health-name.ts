/**
 * The grpc.health.v1 service name that reports plan-store's Redis cache: SERVING while it works,
 * NOT_SERVING while it is degraded (requests are then served from PostgreSQL alone, so the server
 * as a whole stays SERVING). A server whose store has no cache does not know the name (NOT_FOUND).
 */
export const CACHE_HEALTH_SERVICE = 'travel.plan.v1.PlanService/cache';
