import { CACHE_HEALTH_SERVICE, type PlanServiceClient } from '@travel-planner/plan-service/client';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { HealthBody, HealthChecks } from '../legacy-bodies';
import { healthSchema } from '../schemas';
import { grpcStatusName } from '../status-codes';
import { allowOnly } from './method-not-allowed';

/** Options of {@link healthRoutes}. */
export interface HealthRoutesOptions {
  /** The gateway's version, reported in the body. */
  version: string;
  /** The longest the plan-service health check may take, in milliseconds. */
  checkTimeoutMs: number;
  /**
   * How long one plan-service answer serves later probes, in milliseconds. plan-service itself
   * refreshes the database state once a second, so a probe answered from a check made a moment ago
   * is no staler, and a burst of probes costs one gRPC call instead of one each.
   */
  reuseMs: number;
}

/** What plan-service's gRPC health Check answered. */
export type ServingStatus = Awaited<ReturnType<PlanServiceClient['checkHealth']>>;

/** What one plan-service health check found: its answer, or the gRPC status name of its failure. */
export interface CheckOutcome {
  serving?: ServingStatus;
  /** What plan-service says of its Redis cache; `SERVICE_UNKNOWN` when it has none. */
  cache?: ServingStatus;
  failure?: string;
}

// A cache that is down is not a failure: plan-service then serves from PostgreSQL alone.
function cacheState(cache: ServingStatus | undefined): HealthChecks['cache'] {
  if (cache === undefined || cache === 'SERVICE_UNKNOWN') return undefined;
  return cache === 'SERVING' ? 'ok' : 'degraded';
}

/** Builds the `/health` body from what each part answered. */
export function healthBody(checks: HealthChecks, detail: CheckOutcome, version?: string): HealthBody {
  const versionField = version ? { version } : {};
  if (checks.gateway === 'ok' && checks.plan_service === 'ok' && checks.database === 'ok') {
    return {
      status: 'success',
      response:
        checks.cache === 'degraded'
          ? 'Travel planner API is running: gateway, plan_service and database are healthy; the cache is degraded, so reads go to the database'
          : 'Travel planner API is running: gateway, plan_service and database are healthy',
      checks,
      ...versionField,
    };
  }
  const response =
    checks.plan_service !== 'ok'
      ? `plan_service is unreachable${detail.failure ? ` (${detail.failure})` : ''}; database state unknown`
      : `database is unavailable: plan_service reports ${detail.serving ?? 'UNKNOWN'}`;
  return { status: 'error', response, checks, ...versionField, error: response, code: 'UNAVAILABLE' };
}

/**
 * `GET /health`: 200 when the gateway, plan-service (its gRPC health Check answers) and the
 * database (plan-service reports SERVING) are all up; otherwise 503 naming the part that failed.
 * Never rate limited, so that probes keep working under load.
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  // Concurrent probes share one plan-service check (single flight): a burst of /health requests
  // costs plan-service one RPC, and every caller still gets an answer no older than its own request.
  let inFlight: Promise<CheckOutcome> | undefined;
  let last: { outcome: CheckOutcome; at: number } | undefined;

  async function check(request: FastifyRequest): Promise<CheckOutcome> {
    try {
      // The check's own short deadline, not the request's: the answer is shared by every waiting probe.
      const callOptions = { timeoutMs: options.checkTimeoutMs, requestId: request.id };
      const [serving, cache] = await Promise.all([
        app.planService.checkHealth(undefined, callOptions),
        // The cache's answer is a detail: if only this call fails, the rest of the body still holds.
        app.planService.checkHealth(CACHE_HEALTH_SERVICE, callOptions).catch(() => undefined),
      ]);
      return { serving, cache };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const failure = typeof code === 'number' ? grpcStatusName(code) : 'UNKNOWN';
      request.log.warn(
        { grpcCode: failure, details: (error as { details?: unknown }).details },
        'health check failed',
      );
      // Only the status name reaches the caller: the details may carry addresses.
      return { failure };
    }
  }

  app.get(
    '/health',
    { schema: healthSchema, config: { legacyShape: 'health', rateLimit: false } },
    async (request, reply) => {
      let outcome: CheckOutcome;
      if (last && performance.now() - last.at < options.reuseMs) {
        outcome = last.outcome;
      } else {
        // Concurrent probes share the check in flight.
        inFlight ??= check(request).finally(() => {
          inFlight = undefined;
        });
        outcome = await inFlight;
        last = { outcome, at: performance.now() };
      }
      const checks: HealthChecks = { gateway: 'ok', plan_service: 'unknown', database: 'unknown' };
      if (outcome.failure === undefined) {
        checks.plan_service = 'ok';
        // plan-service answers NOT_SERVING while its database is unreachable.
        checks.database =
          outcome.serving === 'SERVING' ? 'ok' : outcome.serving === 'NOT_SERVING' ? 'error' : 'unknown';
      } else {
        checks.plan_service = 'error';
      }
      const cache = cacheState(outcome.cache);
      if (cache) checks.cache = cache;
      const body = healthBody(checks, outcome, options.version);
      return reply.code(body.status === 'success' ? 200 : 503).send(body);
    },
  );
  allowOnly(app, '/health', ['GET'], 'health');
};
