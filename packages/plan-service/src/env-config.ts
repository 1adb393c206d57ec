import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { type AuthOptions, isAuthority } from './auth/auth-options';
import type { PlanServiceOptions } from './create-plan-service';
import { DEFAULT_ADDRESS } from './default-address';
import { PlanServiceConfigError } from './errors';
import { createCatalogPlanGenerator } from './generator';

/** The `plan-service` command's settings, as read from the environment. */
export interface ServiceEnvConfig {
  /** `PLAN_SERVICE_ADDR`, default `127.0.0.1:50051`. */
  address: string;
  /** `PLAN_SERVICE_TOKEN`: shared bearer token; unset = no token required. */
  token?: string;
  /** `PLAN_SERVICE_TLS_CERT` / `_KEY` / `_CA` (PEM file paths) and `PLAN_SERVICE_TLS_CLIENT_AUTH=true` for mTLS. */
  tls?: { certFile: string; keyFile: string; caFile?: string; requireClientCert: boolean };
  /** `PLAN_SERVICE_METRICS_PORT`: serve `/metrics` on this port; unset = no metrics endpoint. */
  metricsPort?: number;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: string;
  /** `PLAN_ORIGIN_AIRPORT`: IATA code trips start from; unset = the generator's default (JFK). */
  originAirport?: string;
  /** `ANALYTICS_TOKEN`: required of AnalyticsService calls in `x-analytics-token`; unset = open. */
  analyticsToken?: string;
  /** `AUTH_MODE`, `AUTH_DOMAINS`, `AUTH_CHAIN_IDS`, `AUTH_SESSION_TTL_S`, `AUTH_RPC_URL`: only those set. */
  auth: Partial<AuthOptions>;
}

const list = (raw: string) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

// Sign-in settings; unset ones keep the defaults of AuthOptions.
function authFromEnv(env: NodeJS.ProcessEnv): Partial<AuthOptions> {
  const auth: Partial<AuthOptions> = {};
  const mode = value(env, 'AUTH_MODE')?.trim().toLowerCase();
  if (mode !== undefined) {
    if (mode !== 'optional' && mode !== 'required')
      throw new PlanServiceConfigError('AUTH_MODE', 'must be optional or required');
    auth.mode = mode;
  }
  const domains = value(env, 'AUTH_DOMAINS');
  if (domains !== undefined) {
    auth.domains = list(domains.toLowerCase());
    if (auth.domains.length === 0 || !auth.domains.every(isAuthority))
      throw new PlanServiceConfigError('AUTH_DOMAINS', 'must be a comma-separated list of host[:port]');
  }
  const chainIds = value(env, 'AUTH_CHAIN_IDS');
  if (chainIds !== undefined) {
    const items = list(chainIds);
    if (items.length === 0 || !items.every((id) => /^[1-9][0-9]{0,15}$/.test(id)))
      throw new PlanServiceConfigError('AUTH_CHAIN_IDS', 'must be a comma-separated list of chain ids');
    auth.chainIds = items.map(Number);
  }
  const ttl = value(env, 'AUTH_SESSION_TTL_S');
  if (ttl !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(ttl.trim()))
      throw new PlanServiceConfigError('AUTH_SESSION_TTL_S', 'must be a positive whole number of seconds');
    auth.sessionTtlS = Number(ttl.trim());
  }
  const rpcUrl = value(env, 'AUTH_RPC_URL');
  if (rpcUrl !== undefined) {
    if (!/^https?:\/\/\S+$/.test(rpcUrl.trim()))
      throw new PlanServiceConfigError('AUTH_RPC_URL', 'must be an http(s) URL');
    auth.rpcUrl = rpcUrl.trim();
  }
  return auth;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const value = (env: NodeJS.ProcessEnv, name: string) => (env[name] === '' ? undefined : env[name]);

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined || ['false', '0', 'no', 'off'].includes(raw)) return false;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  throw new PlanServiceConfigError(name, 'must be true or false');
}

/**
 * Reads the service's settings from the environment: the one place that does (the store reads its
 * own `DATABASE_*` variables). Throws `PlanServiceConfigError` naming the variable, never its value.
 */
export function serviceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceEnvConfig {
  const certFile = value(env, 'PLAN_SERVICE_TLS_CERT');
  const keyFile = value(env, 'PLAN_SERVICE_TLS_KEY');
  const caFile = value(env, 'PLAN_SERVICE_TLS_CA');
  const requireClientCert = flag(env, 'PLAN_SERVICE_TLS_CLIENT_AUTH');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'PLAN_SERVICE_TLS_CERT' : 'PLAN_SERVICE_TLS_KEY';
    throw new PlanServiceConfigError(missing, 'is required when the other TLS file is set');
  }
  if (requireClientCert && (certFile === undefined || caFile === undefined)) {
    throw new PlanServiceConfigError(
      'PLAN_SERVICE_TLS_CLIENT_AUTH',
      'needs PLAN_SERVICE_TLS_CERT, PLAN_SERVICE_TLS_KEY and PLAN_SERVICE_TLS_CA',
    );
  }

  const metricsRaw = value(env, 'PLAN_SERVICE_METRICS_PORT');
  const metricsPort = metricsRaw === undefined ? undefined : Number(metricsRaw);
  if (
    metricsPort !== undefined &&
    !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)
  ) {
    throw new PlanServiceConfigError('PLAN_SERVICE_METRICS_PORT', 'must be a port number (0-65535)');
  }

  const logLevel = value(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new PlanServiceConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const token = value(env, 'PLAN_SERVICE_TOKEN');
  const originAirport = value(env, 'PLAN_ORIGIN_AIRPORT');
  const analyticsToken = value(env, 'ANALYTICS_TOKEN');
  return {
    address: value(env, 'PLAN_SERVICE_ADDR') ?? DEFAULT_ADDRESS,
    logLevel,
    auth: authFromEnv(env),
    ...(token === undefined ? {} : { token }),
    ...(certFile && keyFile
      ? { tls: { certFile, keyFile, ...(caFile ? { caFile } : {}), requireClientCert } }
      : {}),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    ...(originAirport === undefined ? {} : { originAirport }),
    ...(analyticsToken === undefined ? {} : { analyticsToken }),
  };
}

/**
 * The server options the settings stand for: a logger at the log level, the generator from the
 * origin airport, the token, and TLS with its PEM files read. Every way of starting the service (its command, `pnpm start`) builds
 * its server from these, so each variable means the same everywhere.
 * @throws PlanServiceConfigError naming the TLS variable whose file cannot be read
 */
export function serviceOptionsFromConfig(
  config: ServiceEnvConfig,
): Pick<PlanServiceOptions, 'logger' | 'generator' | 'token' | 'tls' | 'auth' | 'analyticsToken'> {
  const pem = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch {
      throw new PlanServiceConfigError(variable, 'names a file that cannot be read');
    }
  };
  const { tls } = config;
  return {
    logger: pino({ level: config.logLevel, base: { service: 'plan-service' } }),
    auth: config.auth,
    generator: createCatalogPlanGenerator(
      config.originAirport === undefined ? {} : { originAirport: config.originAirport },
    ),
    ...(config.token === undefined ? {} : { token: config.token }),
    ...(config.analyticsToken === undefined ? {} : { analyticsToken: config.analyticsToken }),
    ...(tls === undefined
      ? {}
      : {
          tls: {
            cert: pem('PLAN_SERVICE_TLS_CERT', tls.certFile),
            key: pem('PLAN_SERVICE_TLS_KEY', tls.keyFile),
            ...(tls.caFile === undefined ? {} : { ca: pem('PLAN_SERVICE_TLS_CA', tls.caFile) }),
            requireClientCert: tls.requireClientCert,
          },
        }),
  };
}

/** The host part of a `host:port` or `[v6]:port` address, for binding the metrics endpoint beside it. */
export function hostOf(address: string): string {
  const match = /^\[([^\]]+)\]:\d+$/.exec(address) ?? /^([^:]+):\d+$/.exec(address);
  return match?.[1] ?? '127.0.0.1';
}
