import type { Knex } from 'knex';
import { PlanStoreConfigError } from './errors';
import { hostUrls } from './failover/multi-host';

/** How the connection to PostgreSQL is encrypted, with libpq's names and meanings. */
export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

const SSL_MODES: readonly SslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/** The connection pool, in the terms of the SQLAlchemy pool it replaces. */
export interface PoolOptions {
  /** Connections kept open while idle. Default 10; env `DATABASE_POOL_SIZE`. */
  size: number;
  /** Extra connections opened under load and closed after `idleTimeoutMs` idle; max connections = size + maxOverflow. Default 20; env `DATABASE_MAX_OVERFLOW`. */
  maxOverflow: number;
  /** Connections older than this many seconds are replaced at their next checkout; 0 never. Default 3600; env `DATABASE_POOL_RECYCLE_S`. */
  recycleSeconds: number;
  /** Ping a pooled connection before handing it out, replacing it if the ping fails. Default true; env `DATABASE_POOL_PRE_PING`. */
  prePing: boolean;
  /** Skip the ping for connections used within this many milliseconds (a connection that just answered is alive). Default 1000; env `DATABASE_POOL_PRE_PING_IDLE_MS`. */
  prePingIdleMs: number;
  /** Give up on a ping after this many milliseconds (a silently dead socket never answers). Default 2000. */
  prePingTimeoutMs: number;
  /** How long a query waits for a free connection before failing with `StoreUnavailableError`. Default 30000 (SQLAlchemy's pool_timeout); env `DATABASE_POOL_TIMEOUT_MS`. */
  acquireTimeoutMs: number;
  /** Overflow connections idle this long are closed. Default 30000. */
  idleTimeoutMs: number;
  /** How long opening a connection may take. Default 5000; env `DATABASE_CONNECT_TIMEOUT_MS`. */
  connectTimeoutMs: number;
}

/** Minimal logger; pino, console and most loggers fit. Messages never contain passwords. */
export interface StoreLogger {
  warn(message: string): void;
}

/** Fully resolved options of {@link createPlanStore}. */
export interface PlanStoreOptions {
  /** PostgreSQL connection string. Default `postgresql://travel_user:travel_password@localhost:5432/travel_planner`; env `DATABASE_URL`. */
  databaseUrl: string;
  /**
   * Where migrations and other session-bound work (advisory locks) connect, bypassing a PgBouncer
   * in transaction mode that `databaseUrl` may point at. Default `databaseUrl`; env `DATABASE_DIRECT_URL`.
   */
  directUrl: string;
  /** Streaming replicas that serve reads (read-your-writes per wallet). Default none; env `DATABASE_READ_URLS`, comma-separated. */
  readUrls: string[];
  /** TLS to the server. Default `{ mode: 'disable' }`, or the URL's `sslmode`; env `DATABASE_SSL_MODE`, `DATABASE_SSL_CA` (path of a PEM file). */
  ssl: { mode: SslMode; caFile?: string };
  pool: PoolOptions;
  /** Shown in `pg_stat_activity.application_name`. Default `plan-store`. */
  applicationName: string;
  /** Where the migrations are. Default: the ones shipped with this package. */
  migrationsDirectory?: string;
  /** Where pool and driver warnings go. Default: `console`. */
  logger: StoreLogger;
  /** Use this knex instance instead of creating one; the store then neither configures nor closes its pool. */
  knex?: Knex;
}

/** What a caller may pass: any subset, merged over the environment and the defaults. */
export type PlanStoreOptionsInput = Partial<Omit<PlanStoreOptions, 'pool' | 'ssl' | 'directUrl'>> & {
  directUrl?: string;
  pool?: Partial<PoolOptions>;
  ssl?: Partial<PlanStoreOptions['ssl']>;
};

/** The defaults, equal to the seed's SQLAlchemy settings where it had one. */
export const DEFAULTS: Readonly<Omit<PlanStoreOptions, 'logger' | 'directUrl'>> = Object.freeze({
  databaseUrl: 'postgresql://travel_user:travel_password@localhost:5432/travel_planner',
  ssl: { mode: 'disable' as SslMode },
  pool: {
    size: 10,
    maxOverflow: 20,
    recycleSeconds: 3600,
    prePing: true,
    prePingIdleMs: 1000,
    prePingTimeoutMs: 2000,
    acquireTimeoutMs: 30_000,
    idleTimeoutMs: 30_000,
    connectTimeoutMs: 5000,
  },
  readUrls: [] as string[],
  applicationName: 'plan-store',
});

function integer(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new PlanStoreConfigError(name, `must be a whole number of at least ${min}`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new PlanStoreConfigError(name, 'must be true or false');
}

function sslMode(value: string, setting: string): SslMode {
  if ((SSL_MODES as string[]).includes(value)) return value as SslMode;
  throw new PlanStoreConfigError(setting, `must be one of ${SSL_MODES.join(', ')}`);
}

/** Reads the store's options from environment variables; the only place that reads them. Unset variables are left out. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): PlanStoreOptionsInput {
  const pool: Partial<PoolOptions> = {
    size: integer(env, 'DATABASE_POOL_SIZE', 0),
    maxOverflow: integer(env, 'DATABASE_MAX_OVERFLOW', 0),
    recycleSeconds: integer(env, 'DATABASE_POOL_RECYCLE_S', 0),
    prePing: boolean(env, 'DATABASE_POOL_PRE_PING'),
    prePingIdleMs: integer(env, 'DATABASE_POOL_PRE_PING_IDLE_MS', 0),
    acquireTimeoutMs: integer(env, 'DATABASE_POOL_TIMEOUT_MS', 1),
    connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 1),
  };
  const ssl: Partial<PlanStoreOptions['ssl']> = {
    mode: env.DATABASE_SSL_MODE ? sslMode(env.DATABASE_SSL_MODE, 'DATABASE_SSL_MODE') : undefined,
    caFile: env.DATABASE_SSL_CA || undefined,
  };
  return dropUndefined({
    databaseUrl: env.DATABASE_URL || undefined,
    directUrl: env.DATABASE_DIRECT_URL || undefined,
    readUrls: env.DATABASE_READ_URLS
      ? env.DATABASE_READ_URLS.split(',')
          .map((url) => url.trim())
          .filter((url) => url !== '')
      : undefined,
    pool: dropUndefined(pool),
    ssl: dropUndefined(ssl),
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses a connection string, or throws naming the setting (never its value). A libpq multi-host
 * URL (`host1:port1,host2:port2`) passes when each of its hosts does; the first one is returned.
 */
function postgresUrl(value: string, setting: string): URL {
  const urls = hostUrls(value).map((hostUrl) => {
    let url: URL;
    try {
      url = new URL(hostUrl);
    } catch {
      throw new PlanStoreConfigError(setting, 'is not a valid URL');
    }
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
      throw new PlanStoreConfigError(setting, 'must start with postgresql://');
    }
    return url;
  });
  return urls[0]!;
}

/**
 * Merges explicit options over the environment over {@link DEFAULTS} and checks the result.
 * Throws {@link PlanStoreConfigError} naming the bad setting (never its value).
 */
export function resolveOptions(
  input: PlanStoreOptionsInput = {},
  env: NodeJS.ProcessEnv = process.env,
): PlanStoreOptions {
  const fromEnv = optionsFromEnv(env);
  const databaseUrl = input.databaseUrl ?? fromEnv.databaseUrl ?? DEFAULTS.databaseUrl;
  const url = postgresUrl(databaseUrl, 'DATABASE_URL');
  const directUrl = input.directUrl ?? fromEnv.directUrl ?? databaseUrl;
  postgresUrl(directUrl, 'DATABASE_DIRECT_URL');
  const readUrls = input.readUrls ?? fromEnv.readUrls ?? DEFAULTS.readUrls;
  for (const readUrl of readUrls) postgresUrl(readUrl, 'DATABASE_READ_URLS');
  const urlSslMode = url.searchParams.get('sslmode');
  const ssl = {
    mode: sslMode(
      input.ssl?.mode ??
        fromEnv.ssl?.mode ??
        (urlSslMode ? sslMode(urlSslMode, 'DATABASE_URL sslmode') : 'disable'),
      'ssl.mode',
    ),
    caFile: input.ssl?.caFile ?? fromEnv.ssl?.caFile,
  };
  const pool: PoolOptions = { ...DEFAULTS.pool, ...fromEnv.pool, ...dropUndefined(input.pool ?? {}) };
  if (pool.size + pool.maxOverflow < 1) {
    throw new PlanStoreConfigError('DATABASE_POOL_SIZE', 'pool size plus overflow must be at least 1');
  }
  return {
    databaseUrl,
    directUrl,
    readUrls,
    ssl,
    pool,
    applicationName: input.applicationName ?? DEFAULTS.applicationName,
    migrationsDirectory: input.migrationsDirectory,
    logger: input.logger ?? console,
    knex: input.knex,
  };
}
