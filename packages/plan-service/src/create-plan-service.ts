import { type ChannelOptions, Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type { PlanStore } from '@travel-planner/plan-store';
import { HealthImplementation } from 'grpc-health-check';
import { type Logger, pino } from 'pino';
import { Registry } from 'prom-client';
import { createAnalyticsHandlers } from './analytics/analytics-handlers';
import { registerBusinessGauges } from './analytics/business-gauges';
import { createAnalyticsCompactor } from './analytics/compactor';
import { AnswerReserve } from './answer-reserve';
import { createAnalyticsTokenCheck, createBearerCheck } from './auth';
import { type AuthOptions, resolveAuthOptions } from './auth/auth-options';
import { createAuthServiceHandlers } from './auth/auth-service-handlers';
import { createExpiredCleanup } from './auth/expired-cleanup';
import { createSiweVerifier } from './auth/siwe-verifier';
import { CACHE_HEALTH_SERVICE } from './cache-health-name';
import { DEFAULT_ADDRESS } from './default-address';
import { PlanServiceConfigError } from './errors';
import {
  type AnalyticsServiceServer as AnalyticsServiceImplementation,
  AnalyticsServiceService,
} from './gen/travel/analytics/v1/analytics_service';
import { type AuthServiceServer, AuthServiceService } from './gen/travel/auth/v1/auth_service';
import {
  type PlanServiceServer as PlanServiceImplementation,
  PlanServiceService,
} from './gen/travel/plan/v1/plan_service';
import { createCatalogPlanGenerator, type PlanGenerator } from './generator';
import { createHealthMonitor, PLAN_SERVICE_NAME } from './health-monitor';
import { createServiceMetrics } from './metrics';
import { createPlanServiceHandlers } from './plan-service-handlers';
import { reflectionDefinition } from './proto-files';
import { withDecodeFailuresAsInvalidArgument } from './request-decoding';
import { createSharingHandlers } from './sharing-handlers';
import { type UnaryDependencies, unary } from './unary';

/** TLS for the server; PEM text or buffers. */
export interface PlanServiceTlsOptions {
  /** The server's certificate chain. */
  cert: string | Buffer;
  /** The server's private key. */
  key: string | Buffer;
  /** CA bundle that client certificates must chain to; required with `requireClientCert`. */
  ca?: string | Buffer;
  /** Mutual TLS: refuse connections without a client certificate signed by `ca`. Default false. */
  requireClientCert?: boolean;
}

/** Options of {@link createPlanService}. */
export interface PlanServiceOptions {
  /** The plan store. The service never closes it: its owner does, after `shutdown()`. */
  store: PlanStore;
  /** Builds itineraries for GeneratePlan. Default: `createCatalogPlanGenerator()` (offline, deterministic). */
  generator?: PlanGenerator;
  /** Where the per-call JSON lines and health changes go. Default: `pino()` at level info. */
  logger?: Logger;
  /**
   * Shared bearer token. When set, every PlanService call must carry `authorization: Bearer <token>`
   * or fails UNAUTHENTICATED; health checks and reflection stay open. Default: none.
   */
  token?: string;
  /**
   * Sign-In with Ethereum (AuthService) and how PlanService enforces sessions; each field defaults
   * as documented on {@link AuthOptions} (mode `optional`). Default: those defaults.
   */
  auth?: Partial<AuthOptions>;
  /** Serve TLS (and mutual TLS with `requireClientCert`). Default: plaintext. */
  tls?: PlanServiceTlsOptions;
  /**
   * The most database time one call may use, in ms; also the bound for calls that carry no
   * deadline. A call's own deadline, when shorter, wins. Default 10000.
   */
  maxCallMs?: number;
  /**
   * The least part of a call's deadline kept for COMMIT and the answer's way back, in ms: a
   * transaction that finishes its work with less than the reserve left rolls back and the call
   * fails DEADLINE_EXCEEDED, so a caller's timeout rarely means the plan was stored. The service
   * keeps more when its recent answers were slower (twice their 90th percentile, see
   * `AnswerReserve`); 0 turns the reserve off. Default 25.
   */
  answerReserveMs?: number;
  /** How often the health check pings the database, in ms. Default 1000. */
  healthCheckIntervalMs?: number;
  /** Largest message received or sent, in bytes (beyond it: RESOURCE_EXHAUSTED). Default 4 MiB. */
  maxMessageBytes?: number;
  /** Where metrics are registered. Default: a new registry, exposed as `metrics`. */
  metrics?: Registry;
  /**
   * When set, every AnalyticsService call must carry `x-analytics-token: <token>` (besides the
   * bearer `token`, when that is set) or fails UNAUTHENTICATED. Default: none (open).
   */
  analyticsToken?: string;
  /** How often the analytics changes are folded into their rollups, in ms. Default 5000. */
  analyticsCompactIntervalMs?: number;
}

/** Options of {@link PlanServiceServer.shutdown}. */
export interface ShutdownOptions {
  /** How long in-flight calls may take to finish before they are cancelled, in ms. Default 10000. */
  graceMs?: number;
}

/** A PlanService gRPC server, with health checking and reflection. */
export interface PlanServiceServer {
  /**
   * Binds `address` (default `127.0.0.1:50051`; port 0 picks a free port), runs the first health
   * check and resolves with the bound port.
   */
  listen(address?: string): Promise<number>;
  /**
   * Stops taking calls (new ones fail UNAVAILABLE, health turns NOT_SERVING), lets in-flight calls
   * finish for up to `graceMs`, then cancels the rest. Does not close the store.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
  /** The grpc.health.v1 implementation, serving `''` and `travel.plan.v1.PlanService`. */
  readonly health: HealthImplementation;
  /** The registry holding the service's metrics. */
  readonly metrics: Registry;
}

/** Defaults of {@link PlanServiceOptions} and {@link ShutdownOptions}. */
export const PLAN_SERVICE_DEFAULTS = Object.freeze({
  maxCallMs: 10_000,
  answerReserveMs: 25,
  healthCheckIntervalMs: 1000,
  maxMessageBytes: 4 * 1024 * 1024,
  graceMs: 10_000,
  analyticsCompactIntervalMs: 5000,
});

function positiveInteger(value: number, setting: string): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new PlanServiceConfigError(setting, 'must be a positive whole number');
  return value;
}

function serverCredentials(tls: PlanServiceTlsOptions | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  if (tls.requireClientCert && !tls.ca) {
    throw new PlanServiceConfigError('tls.ca', 'is required when client certificates are required');
  }
  const toBuffer = (pem: string | Buffer) => (typeof pem === 'string' ? Buffer.from(pem) : pem);
  return ServerCredentials.createSsl(
    tls.ca ? toBuffer(tls.ca) : null,
    [{ cert_chain: toBuffer(tls.cert), private_key: toBuffer(tls.key) }],
    tls.requireClientCert ?? false,
  );
}

function channelOptions(maxMessageBytes: number): ChannelOptions {
  return {
    // Both limits explicit: grpc-js receives 4 MiB by default but sends without limit.
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    // Ping each connection every 30 s: a peer behind a NAT or load balancer that silently dropped the
    // connection is found and its resources freed. grpc-js servers never answer client pings with
    // GOAWAY too_many_pings (they keep no ping strikes), so clients may use keepalive down to 10 s.
    'grpc.keepalive_time_ms': 30_000,
    // A connection whose ping is not acknowledged within 10 s is dead.
    'grpc.keepalive_timeout_ms': 10_000,
    // Close connections idle for 5 minutes; clients reconnect transparently on their next call.
    'grpc.max_connection_idle_ms': 5 * 60_000,
  };
}

// AnalyticsService calls pass the service's bearer check (when set) and then the analytics token's.
function withAnalyticsToken(deps: UnaryDependencies, analyticsToken: string | undefined): UnaryDependencies {
  if (analyticsToken === undefined) return deps;
  const analyticsCheck = createAnalyticsTokenCheck(analyticsToken);
  const serviceCheck = deps.authorize;
  return {
    ...deps,
    authorize: (metadata) => (serviceCheck ? serviceCheck(metadata) : true) && analyticsCheck(metadata),
  };
}

/**
 * Creates the PlanService server over a store: the plan, sharing and audit-trail RPCs, grpc.health.v1 (following the
 * database) and server reflection. Nothing listens until `listen()`. Throws
 * `PlanServiceConfigError` naming a bad option.
 *
 * @example
 * const store = createPlanStore();
 * const service = createPlanService({ store });
 * const port = await service.listen('127.0.0.1:50051');
 * // ... on SIGTERM:
 * await service.shutdown();
 * await store.close();
 */
export function createPlanService(options: PlanServiceOptions): PlanServiceServer {
  const { store } = options;
  const logger = options.logger ?? pino();
  const maxCallMs = positiveInteger(options.maxCallMs ?? PLAN_SERVICE_DEFAULTS.maxCallMs, 'maxCallMs');
  const answerReserveMs = options.answerReserveMs ?? PLAN_SERVICE_DEFAULTS.answerReserveMs;
  if (!Number.isInteger(answerReserveMs) || answerReserveMs < 0)
    throw new PlanServiceConfigError('answerReserveMs', 'must be a whole number of milliseconds, 0 or more');
  const intervalMs = positiveInteger(
    options.healthCheckIntervalMs ?? PLAN_SERVICE_DEFAULTS.healthCheckIntervalMs,
    'healthCheckIntervalMs',
  );
  const maxMessageBytes = positiveInteger(
    options.maxMessageBytes ?? PLAN_SERVICE_DEFAULTS.maxMessageBytes,
    'maxMessageBytes',
  );
  if (options.token === '') throw new PlanServiceConfigError('token', 'must not be empty');
  if (options.analyticsToken === '') throw new PlanServiceConfigError('analyticsToken', 'must not be empty');
  const compactIntervalMs = positiveInteger(
    options.analyticsCompactIntervalMs ?? PLAN_SERVICE_DEFAULTS.analyticsCompactIntervalMs,
    'analyticsCompactIntervalMs',
  );
  const credentials = serverCredentials(options.tls);
  const auth = resolveAuthOptions(options.auth);
  const registry = options.metrics ?? new Registry();
  const metrics = createServiceMetrics(registry, store);
  registerBusinessGauges(registry, store);
  const compactor = createAnalyticsCompactor(store, compactIntervalMs, logger);

  const health = new HealthImplementation({
    '': 'NOT_SERVING',
    [PLAN_SERVICE_NAME]: 'NOT_SERVING',
    ...(store.cache ? { [CACHE_HEALTH_SERVICE]: 'NOT_SERVING' as const } : {}),
  });
  const monitor = createHealthMonitor({
    store,
    health,
    intervalMs,
    logger,
    onChange: (serving) => metrics.setServing(serving),
  });

  let draining = false;
  const deps: UnaryDependencies = {
    store,
    logger,
    metrics,
    maxCallMs,
    answerReserve: new AnswerReserve(answerReserveMs),
    ...(options.token === undefined ? {} : { authorize: createBearerCheck(options.token) }),
    isDraining: () => draining,
    onStoreUnavailable: () => monitor.markUnavailable(),
  };
  // Every plan call resolves the session it carries (one indexed read, no cache, so a sign-out
  // counts on the very next call of every instance); required mode refuses calls without one.
  const resolve = (token: string) => store.accounts.resolveSession(token);
  const planDeps: UnaryDependencies = { ...deps, sessions: { resolve, required: auth.mode === 'required' } };
  const signedInDeps: UnaryDependencies = { ...deps, sessions: { resolve, required: true } };
  const handlers = createPlanServiceHandlers(options.generator ?? createCatalogPlanGenerator());
  const sharing = createSharingHandlers();
  const implementation: PlanServiceImplementation = {
    generatePlan: unary('GeneratePlan', handlers.generatePlan, planDeps),
    createPlan: unary('CreatePlan', handlers.createPlan, planDeps),
    getPlan: unary('GetPlan', handlers.getPlan, planDeps),
    listUserPlans: unary('ListUserPlans', handlers.listUserPlans, planDeps),
    confirmPlan: unary('ConfirmPlan', handlers.confirmPlan, planDeps),
    cancelPlan: unary('CancelPlan', handlers.cancelPlan, planDeps),
    sharePlan: unary('SharePlan', sharing.sharePlan, planDeps),
    unsharePlan: unary('UnsharePlan', sharing.unsharePlan, planDeps),
    listPlanShares: unary('ListPlanShares', sharing.listPlanShares, planDeps),
    listSharedPlans: unary('ListSharedPlans', sharing.listSharedPlans, planDeps),
    updatePlan: unary('UpdatePlan', sharing.updatePlan, planDeps),
    listPlanEvents: unary('ListPlanEvents', sharing.listPlanEvents, planDeps),
  };
  const authHandlers = createAuthServiceHandlers(store, createSiweVerifier(auth), auth);
  const authImplementation: AuthServiceServer = {
    createNonce: unary('CreateNonce', authHandlers.createNonce, deps),
    signIn: unary('SignIn', authHandlers.signIn, deps),
    getSession: unary('GetSession', authHandlers.getSession, signedInDeps),
    signOut: unary('SignOut', authHandlers.signOut, signedInDeps),
  };
  const cleanup = createExpiredCleanup(store, auth.cleanupIntervalMs, logger);

  const analyticsDeps = withAnalyticsToken(deps, options.analyticsToken);
  const analytics = createAnalyticsHandlers(store);
  const analyticsImplementation: AnalyticsServiceImplementation = {
    getSummary: unary('GetSummary', analytics.getSummary, analyticsDeps),
  };

  const server = new Server(channelOptions(maxMessageBytes));
  server.addService(withDecodeFailuresAsInvalidArgument(PlanServiceService), implementation);
  server.addService(withDecodeFailuresAsInvalidArgument(AuthServiceService), authImplementation);
  server.addService(withDecodeFailuresAsInvalidArgument(AnalyticsServiceService), analyticsImplementation);
  health.addToServer(server);
  new ReflectionService(reflectionDefinition()).addToServer(server);

  let listening = false;
  let stopped: Promise<void> | undefined;

  return {
    health,
    metrics: registry,

    async listen(address = DEFAULT_ADDRESS) {
      if (listening || stopped) throw new Error('the plan service was already started');
      listening = true;
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
      );
      await monitor.start();
      cleanup.start();
      compactor.start();
      return port;
    },

    shutdown({ graceMs = PLAN_SERVICE_DEFAULTS.graceMs } = {}) {
      stopped ??= new Promise<void>((resolve) => {
        draining = true;
        monitor.stop();
        cleanup.stop();
        compactor.stop();
        // tryShutdown waits for every call with no limit of its own (and never returns while a
        // client that vanished holds a stream open), hence the timer that cancels what is left.
        const timer = setTimeout(() => {
          logger.warn({ graceMs }, 'calls still running after the grace period were cancelled');
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return stopped;
    },
  };
}
