import type { PlanServiceClientOptions } from '@travel-planner/plan-service/client';
import { CORS_ORIGIN_PATTERN, DEFAULT_CORS_ORIGINS } from './cors-origins';
import { GATEWAY_DEFAULTS, type GatewayOptions } from './gateway-options';
import type { GatewayAuthMode } from './openapi-operations';

/** The gateway process's configuration, read from the environment by {@link gatewayConfigFromEnv}. */
export interface GatewayConfig {
  /** `PORT`, default 8000. */
  port: number;
  /** `HOST`, default `127.0.0.1`: only this machine; a container sets `0.0.0.0`. */
  host: string;
  /** `PLAN_SERVICE_ADDR`, default `127.0.0.1:50051`. */
  planServiceAddr: string;
  /** `PLAN_SERVICE_TOKEN`: bearer token sent to plan-service; unset when plan-service needs none. */
  planServiceToken?: string;
  /**
   * `CORS_ORIGINS`, a comma-separated list of origins (`http://host:*` for any port) replacing the
   * default {@link DEFAULT_CORS_ORIGINS}, any port of `http://localhost` and `http://127.0.0.1`.
   */
  corsOrigins: readonly string[];
  /** `GATEWAY_REQUEST_TIMEOUT_MS`, default 5000. */
  requestTimeoutMs: number;
  /** `GATEWAY_RATE_LIMIT`: requests per minute per client; unset means no limit. */
  rateLimitPerMinute?: number;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: string;
  /** `AUTH_MODE` (`optional` or `required`), default `optional`; plan-service reads the same variable. */
  authMode: GatewayAuthMode;
  /** `ANALYTICS_TOKEN`: protects `/analytics` and is sent to plan-service's AnalyticsService; unset = open. */
  analyticsToken?: string;
}

/** A configuration variable has an invalid value. The message names the variable, never its value. */
export class GatewayConfigError extends Error {
  /** The variable at fault. */
  readonly variable: string;

  constructor(variable: string, rule: string) {
    super(`${variable} ${rule}`);
    this.name = 'GatewayConfigError';
    this.variable = variable;
  }
}

// Loopback only: on a shared network nobody else can list, confirm or cancel plans (a wallet in a
// request is a claim, not a proof). Containers set HOST=0.0.0.0.
const DEFAULT_HOST = '127.0.0.1';

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new GatewayConfigError(name, `must be an integer from 1 to ${max}`);
  }
  return Number(raw);
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads the gateway's configuration from the environment: the only place that reads it.
 * @throws GatewayConfigError naming the first invalid variable
 */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const corsOrigins = text(env, 'CORS_ORIGINS')
    ?.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins ?? []) {
    if (!CORS_ORIGIN_PATTERN.test(origin)) {
      throw new GatewayConfigError(
        'CORS_ORIGINS',
        'must be a comma-separated list of origins like http://localhost:3000 or http://localhost:*',
      );
    }
  }
  const logLevel = text(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) {
    throw new GatewayConfigError('LOG_LEVEL', `must be one of ${[...LOG_LEVELS].join(', ')}`);
  }
  const rateLimit = text(env, 'GATEWAY_RATE_LIMIT');
  const authMode = text(env, 'AUTH_MODE')?.toLowerCase() ?? 'optional';
  if (authMode !== 'optional' && authMode !== 'required') {
    throw new GatewayConfigError('AUTH_MODE', 'must be optional or required');
  }
  return {
    port: integer(env, 'PORT', 8000, 65_535),
    host: text(env, 'HOST') ?? DEFAULT_HOST,
    planServiceAddr: text(env, 'PLAN_SERVICE_ADDR') ?? '127.0.0.1:50051',
    planServiceToken: text(env, 'PLAN_SERVICE_TOKEN'),
    corsOrigins: corsOrigins && corsOrigins.length > 0 ? corsOrigins : DEFAULT_CORS_ORIGINS,
    requestTimeoutMs: integer(env, 'GATEWAY_REQUEST_TIMEOUT_MS', GATEWAY_DEFAULTS.requestTimeoutMs, 600_000),
    rateLimitPerMinute:
      rateLimit === undefined ? undefined : integer(env, 'GATEWAY_RATE_LIMIT', 0, 1_000_000),
    logLevel,
    authMode,
    analyticsToken: text(env, 'ANALYTICS_TOKEN'),
  };
}

/**
 * The plan-service client options and gateway options the configuration stands for. Every way of
 * starting the gateway (its command, `pnpm start`) builds from these, so each variable means the
 * same everywhere.
 */
export function gatewayOptionsFromConfig(config: GatewayConfig): {
  client: PlanServiceClientOptions;
  gateway: Omit<GatewayOptions, 'planService'>;
} {
  return {
    client: {
      address: config.planServiceAddr,
      token: config.planServiceToken,
      analyticsToken: config.analyticsToken,
      defaultTimeoutMs: config.requestTimeoutMs,
    },
    gateway: {
      logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
      corsOrigins: config.corsOrigins,
      authMode: config.authMode,
      requestTimeoutMs: config.requestTimeoutMs,
      rateLimit: config.rateLimitPerMinute ? { max: config.rateLimitPerMinute, timeWindowMs: 60_000 } : false,
      analyticsToken: config.analyticsToken,
    },
  };
}
