import type { PlanServiceClient } from '@travel-planner/plan-service/client';
import type { FastifyServerOptions } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import packageJson from '../package.json' with { type: 'json' };
import { DEFAULT_CORS_ORIGINS } from './cors-origins';
import type { GatewayAuthMode } from './openapi-operations';

/** Per-client request cap of `@fastify/rate-limit`. */
export interface GatewayRateLimit {
  /** Requests allowed per client (IP address) in each window. */
  max: number;
  /** Length of the window in milliseconds. */
  timeWindowMs: number;
}

/** Socket-level limits that cut off slow or idle clients. */
export interface ServerTimeouts {
  /** Time to receive the request headers (Node `server.headersTimeout`). Default 10 000 ms. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, headers and body (Fastify `requestTimeout`). Default 15 000 ms. */
  requestReceiveTimeoutMs: number;
  /** Idle time after which a socket is destroyed (Fastify `connectionTimeout`). Default 30 000 ms. */
  connectionTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests (Fastify `keepAliveTimeout`). Default 5 000 ms. */
  keepAliveTimeoutMs: number;
}

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** The plan-service client every route calls. The caller owns it and closes it after the gateway. */
  planService: PlanServiceClient;
  /**
   * pino options for Fastify's logger, or `false` for none. Default `{ level: 'info' }`. Authorization
   * and cookie headers are redacted.
   */
  logger?: FastifyServerOptions['logger'];
  /**
   * Browser origins allowed by CORS (with credentials): exact origins, or `http://host:*` for any port of
   * a host. Default {@link DEFAULT_CORS_ORIGINS}: any port of `http://localhost` and `http://127.0.0.1`.
   * `'*'` allows every origin but then without credentials.
   */
  corsOrigins?: readonly string[];
  /** The largest request body in bytes; larger ones get 413 before they are read. Default 65 536 (64 KiB). */
  bodyLimitBytes?: number;
  /**
   * Default deadline of each request's plan-service call in milliseconds; a client may tighten it with
   * the `X-Request-Timeout-Ms` header. An expired deadline answers 504. Default 5 000.
   */
  requestTimeoutMs?: number;
  /**
   * The time an answer needs from plan-service back to the caller, in milliseconds: plan-service
   * gets a deadline this much shorter than the request's, so that an answer it sends in time also
   * arrives in time. Default 10.
   */
  returnTripMs?: number;
  /** Per-client rate limit, answered with 429 in the route's body shape; `false` (default) for none. */
  rateLimit?: GatewayRateLimit | false;
  /**
   * Registry for `/metrics`. Default: a new registry with prom-client's default process metrics.
   * `false` disables metrics and `/metrics`.
   */
  metrics?: Registry | false;
  /** The version reported by `/health` and the OpenAPI document. Default: this package's version. */
  version?: string;
  /** Socket timeouts; each field defaults as documented on {@link ServerTimeouts}. */
  serverTimeouts?: Partial<ServerTimeouts>;
  /**
   * plan-service's `AUTH_MODE`, which enforces it: `optional` (default) trusts wallet claims of
   * requests without a session (logged once at start), `required` needs a session on every plan
   * endpoint. Here it shapes the OpenAPI security requirements and the start-up warning.
   */
  authMode?: GatewayAuthMode;
  /** Trust `X-Forwarded-*` from a reverse proxy (Fastify `trustProxy`), e.g. for rate limiting by client IP. Default `false`. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * `GET /analytics/summary` and the page's figures need `Authorization: Bearer <token>` or the
   * page's login cookie. Unset: open to anyone who reaches the gateway (a warning is logged at start).
   */
  analyticsToken?: string;
}

/** Defaults of {@link GatewayOptions}. */
export const GATEWAY_DEFAULTS = Object.freeze({
  bodyLimitBytes: 64 * 1024,
  requestTimeoutMs: 5_000,
  returnTripMs: 10,
  version: packageJson.version,
  serverTimeouts: Object.freeze({
    headersTimeoutMs: 10_000,
    requestReceiveTimeoutMs: 15_000,
    connectionTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
  } satisfies ServerTimeouts),
});

/** The health check never waits longer than this, so that probes answer quickly when plan-service hangs. */
const HEALTH_CHECK_TIMEOUT_MS = 2_000;
const HEALTH_REUSE_MS = 100;

/** {@link GatewayOptions} checked, with every default filled in. */
export interface GatewaySettings {
  planService: PlanServiceClient;
  logger: NonNullable<FastifyServerOptions['logger']>;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  returnTripMs: number;
  rateLimit: GatewayRateLimit | false;
  metrics: Registry | false;
  version: string;
  serverTimeouts: ServerTimeouts;
  authMode: GatewayAuthMode;
  trustProxy: NonNullable<FastifyServerOptions['trustProxy']>;
  analyticsToken: string | undefined;
  /** How long `/health` waits for plan-service, and how long one answer is reused. */
  health: { checkTimeoutMs: number; reuseMs: number };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

/**
 * Checks the options of `createGateway` and fills in the defaults.
 * @throws RangeError when a limit or timeout is not a positive number, or the analytics token is empty
 */
export function resolveGatewayOptions(options: GatewayOptions): GatewaySettings {
  const bodyLimitBytes = positive(
    'bodyLimitBytes',
    options.bodyLimitBytes ?? GATEWAY_DEFAULTS.bodyLimitBytes,
  );
  const requestTimeoutMs = positive(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? GATEWAY_DEFAULTS.requestTimeoutMs,
  );
  const serverTimeouts: ServerTimeouts = { ...GATEWAY_DEFAULTS.serverTimeouts, ...options.serverTimeouts };
  for (const [name, value] of Object.entries(serverTimeouts)) positive(`serverTimeouts.${name}`, value);
  if (serverTimeouts.headersTimeoutMs > serverTimeouts.requestReceiveTimeoutMs) {
    throw new RangeError(
      'serverTimeouts.headersTimeoutMs must not exceed serverTimeouts.requestReceiveTimeoutMs',
    );
  }
  const returnTripMs = options.returnTripMs ?? GATEWAY_DEFAULTS.returnTripMs;
  if (!Number.isFinite(returnTripMs) || returnTripMs < 0) {
    throw new RangeError('returnTripMs must be a number of milliseconds, 0 or more');
  }
  if (options.analyticsToken === '') throw new RangeError('analyticsToken must not be empty');
  const rateLimit = options.rateLimit
    ? {
        max: positive('rateLimit.max', options.rateLimit.max),
        timeWindowMs: positive('rateLimit.timeWindowMs', options.rateLimit.timeWindowMs),
      }
    : false;
  return {
    planService: options.planService,
    logger: options.logger ?? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
    corsOrigins: options.corsOrigins ?? DEFAULT_CORS_ORIGINS,
    bodyLimitBytes,
    requestTimeoutMs,
    returnTripMs,
    rateLimit,
    metrics: options.metrics === false ? false : (options.metrics ?? defaultRegistry()),
    version: options.version ?? GATEWAY_DEFAULTS.version,
    serverTimeouts,
    authMode: options.authMode ?? 'optional',
    trustProxy: options.trustProxy ?? false,
    analyticsToken: options.analyticsToken,
    health: { checkTimeoutMs: Math.min(HEALTH_CHECK_TIMEOUT_MS, requestTimeoutMs), reuseMs: HEALTH_REUSE_MS },
  };
}

function defaultRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
