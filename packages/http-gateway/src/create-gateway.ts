import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { PlanServiceClient } from '@travel-planner/plan-service/client';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import packageJson from '../package.json' with { type: 'json' };
import { createAnalyticsAccess } from './analytics-page/access';
import { corsOriginMatchers, DEFAULT_CORS_ORIGINS } from './cors-origins';
import { clientErrorHandler, errorHandler, frameworkErrorHandler, notFoundHandler } from './errors';
import { IF_MATCH_HEADER } from './etag';
import type { GatewayAuthMode } from './openapi-operations';
import { docsPlugin } from './plugins/docs';
import { metricsPlugin } from './plugins/metrics';
import { planClientPlugin } from './plugins/plan-client';
import { sessionPlugin } from './plugins/session';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { RouteShapes } from './route-shapes';
import { analyticsRoutes } from './routes/analytics';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { planRoutes } from './routes/plans';
import { sharingRoutes } from './routes/sharing';
import { IDEMPOTENCY_KEY_HEADER, REQUEST_TIMEOUT_HEADER } from './schemas';
import { createValidatorCompiler } from './validation';

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

/** Options of {@link createGateway}. */
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

const IDLE_SWEEP_MS = 50;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

/**
 * Builds the HTTP gateway (not listening): the old REST API and `/health` mapped onto plan-service,
 * plus `/metrics`, `/openapi.json` and `/docs`. Call `listen()` on the result, and `close()` before
 * closing the plan-service client.
 * @throws RangeError when a limit or timeout is not a positive number
 */
export async function createGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const bodyLimit = positive('bodyLimitBytes', options.bodyLimitBytes ?? GATEWAY_DEFAULTS.bodyLimitBytes);
  const requestTimeoutMs = positive(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? GATEWAY_DEFAULTS.requestTimeoutMs,
  );
  const timeouts: ServerTimeouts = { ...GATEWAY_DEFAULTS.serverTimeouts, ...options.serverTimeouts };
  for (const [name, value] of Object.entries(timeouts)) positive(`serverTimeouts.${name}`, value);
  if (timeouts.headersTimeoutMs > timeouts.requestReceiveTimeoutMs) {
    throw new RangeError(
      'serverTimeouts.headersTimeoutMs must not exceed serverTimeouts.requestReceiveTimeoutMs',
    );
  }
  const version = options.version ?? GATEWAY_DEFAULTS.version;

  const routeShapes = new RouteShapes();
  const app = Fastify({
    logger:
      options.logger === undefined
        ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] }
        : options.logger,
    bodyLimit,
    // Slow clients are cut off: a whole request must arrive within requestReceiveTimeoutMs and an idle
    // socket is closed after connectionTimeoutMs (both unbounded by default in Fastify).
    requestTimeout: timeouts.requestReceiveTimeoutMs,
    connectionTimeout: timeouts.connectionTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      // Node checks headersTimeout and requestTimeout on this interval (30 s by default), which would
      // let a slow client hold a socket far longer than the limits above.
      connectionsCheckingInterval: 1_000,
    },
    // While closing, new requests get 503 at once (Fastify's own body) and in-flight ones finish.
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // The incoming id is validated in genReqId, never taken as is.
    requestIdHeader: false,
    genReqId: requestIdFor,
    // The router rejects some URLs (bad percent-encoding, an over-long path parameter) before any
    // route runs, and Node's parser some requests before Fastify sees them: both still answer in
    // the legacy shape.
    frameworkErrors: frameworkErrorHandler(routeShapes),
    clientErrorHandler,
  });
  // Node closes keep-alive connections that are idle when close() begins; one busy then stays open
  // after its last response until keepAliveTimeout, delaying the exit by seconds. Sweeping idle
  // connections while closing lets the process exit right after the last in-flight response.
  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    idleSweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
    idleSweep.unref();
  });
  app.addHook('onClose', async () => clearInterval(idleSweep));
  app.setValidatorCompiler(createValidatorCompiler());

  // Only JSON bodies: a text/plain body is a 415, not a string handed to a schema that wants an object.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  app.setErrorHandler(errorHandler(bodyLimit));
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRoute', (route) => {
    if (typeof route.url === 'string') routeShapes.add(route.url, route.config?.legacyShape ?? 'generic');
  });

  const corsOrigins = options.corsOrigins ?? DEFAULT_CORS_ORIGINS;
  const anyOrigin = corsOrigins.includes('*');
  await app.register(cors, {
    // Browsers refuse `*` together with credentials, and reflecting any origin with credentials would
    // let every site act for a logged-in user: `*` therefore switches credentials off.
    origin: anyOrigin ? '*' : corsOriginMatchers(corsOrigins),
    credentials: !anyOrigin,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      IDEMPOTENCY_KEY_HEADER,
      REQUEST_ID_HEADER,
      REQUEST_TIMEOUT_HEADER,
      IF_MATCH_HEADER,
    ],
    // A browser client reads a plan's ETag to send it back in If-Match.
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after', 'etag'],
    maxAge: 600,
  });

  const authMode = options.authMode ?? 'optional';
  if (authMode === 'optional') {
    app.log.warn(
      'AUTH_MODE=optional: requests without a session act as the wallet they name; set AUTH_MODE=required to need a signed-in session',
    );
  }
  await app.register(sessionPlugin, { corsOrigins });
  await app.register(docsPlugin, { version, authMode });
  const returnTripMs = options.returnTripMs ?? GATEWAY_DEFAULTS.returnTripMs;
  if (!Number.isFinite(returnTripMs) || returnTripMs < 0)
    throw new RangeError('returnTripMs must be a number of milliseconds, 0 or more');
  await app.register(planClientPlugin, { client: options.planService, requestTimeoutMs, returnTripMs });
  if (options.metrics !== false) {
    let registry = options.metrics;
    if (!registry) {
      registry = new Registry();
      collectDefaultMetrics({ register: registry });
    }
    await app.register(metricsPlugin, { registry });
  }
  if (options.rateLimit) {
    await app.register(rateLimit, {
      max: positive('rateLimit.max', options.rateLimit.max),
      timeWindow: positive('rateLimit.timeWindowMs', options.rateLimit.timeWindowMs),
    });
  }
  await app.register(healthRoutes, {
    version,
    checkTimeoutMs: Math.min(HEALTH_CHECK_TIMEOUT_MS, requestTimeoutMs),
    reuseMs: HEALTH_REUSE_MS,
  });
  await app.register(planRoutes);
  await app.register(authRoutes);
  await app.register(sharingRoutes);
  if (options.analyticsToken === '') throw new RangeError('analyticsToken must not be empty');
  if (options.analyticsToken === undefined)
    app.log.warn('ANALYTICS_TOKEN is not set: /analytics and /analytics/summary are open to every caller');
  await app.register(analyticsRoutes, { access: createAnalyticsAccess(options.analyticsToken) });
  return app;
}
