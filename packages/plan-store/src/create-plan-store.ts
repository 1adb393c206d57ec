import knexFactory, { type Knex } from 'knex';
import { type AccountRepository, createAccountRepository } from './accounts/account-repository';
import { type AnalyticsRepository, createAnalyticsRepository } from './analytics/analytics-repository';
import { cacheKeys } from './cache/cache-keys';
import { withCache } from './cache/cached-repository';
import { cachedTransaction } from './cache/cached-transaction';
import { granteeLookup } from './cache/grantee-lookup';
import { createPlanCache, type PlanCacheHealth, type PlanCacheStats } from './cache/plan-cache';
import type { EventRepository } from './events/event-repository';
import { hostUrls } from './failover/multi-host';
import { followWritableHost } from './failover/writable-host';
import { checkHealth, type StoreHealth } from './health';
import { createMigrator, defaultMigrationsDirectory, migrationConfig, type StoreMigrator } from './migrate';
import {
  type PlanStoreOptions,
  type PlanStoreOptionsInput,
  resolveOptions,
  type StoreLogger,
} from './options';
import type { PlanRepository } from './plans/plan-repository';
import { pooledRunner } from './plans/sql-executor';
import { poolConfig, trackReleases } from './pool';
import { redactSecrets } from './redact';
import { createRepositories } from './repositories';
import { primaryOnly, type ReadStats, replicaRouting } from './routing/read-routing';
import { createReplica } from './routing/replica';
import { primaryWritePositions } from './routing/write-positions';
import type { ShareRepository } from './sharing/share-repository';
import { sslConfig, withoutSslParams } from './ssl';
import { toStoreError } from './to-store-error';
import {
  type PlanStoreTransaction,
  runAtomically,
  runTransaction,
  type TransactionOptions,
} from './transaction';

/** A plan store: the repository, transactions, migrations, health and shutdown. */
export interface PlanStore {
  /** Plan operations, each in its own implicit transaction. */
  readonly plans: PlanRepository;
  /** Sharing a plan with other wallets, and the plans shared with a wallet. */
  readonly shares: ShareRepository;
  /** The audit trail of each plan. */
  readonly events: EventRepository;
  /** Accounts, sign-in nonces and sessions (Sign-In with Ethereum). */
  readonly accounts: AccountRepository;
  /** Business figures: totals, the confirm funnel, destinations and the daily series. */
  readonly analytics: AnalyticsRepository;
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: PlanStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Schema migrations shipped with the package. */
  readonly migrate: StoreMigrator;
  /** Pings the database (bounded by `timeoutMs`, default 2000) and reports pool gauges; never throws. */
  health(options?: { timeoutMs?: number }): Promise<StoreHealth>;
  /** Waits for checked-out connections to return, then closes the pool. */
  close(): Promise<void>;
  /** How many reads the primary and the replicas (`readUrls`) served since the store was created. */
  readStats(): ReadStats;
  /** The underlying knex instance, for custom queries with `PlanModel.query(store.knex)`. */
  readonly knex: Knex;
  /** The Redis cache's counters and state; `undefined` when the store has no cache. */
  readonly cache?: {
    stats(): PlanCacheStats;
    health(): PlanCacheHealth;
  };
}

// knex logs warnings with stacks and sometimes raw driver text; keep one line and hide secrets.
function knexLog(logger: StoreLogger): Knex.Logger {
  const line = (message: unknown) => redactSecrets(String(message).split('\n')[0] ?? '');
  return {
    warn: (message) => logger.warn(line(message)),
    error: (message) => logger.warn(line(message)),
    deprecate: (method, alternative) => logger.warn(`knex: ${method} is deprecated, use ${alternative}`),
    debug: () => {},
  };
}

/**
 * The knex configuration for resolved options: connection, TLS, pool and migrations. Used by
 * {@link createPlanStore} and by knexfiles, so the CLI and the library connect the same way.
 * `url` picks another server than `databaseUrl` (the direct one, a replica) with the same settings.
 */
export function knexConfig(options: PlanStoreOptions, url = options.databaseUrl): Knex.Config {
  const hosts = hostUrls(url).map((hostUrl) => ({
    connectionString: withoutSslParams(hostUrl),
    ssl: sslConfig(options.ssl),
    application_name: options.applicationName,
    connectionTimeoutMillis: options.pool.connectTimeoutMs,
    // TCP keepalive notices a peer that vanished without closing the socket.
    keepAlive: true,
  }));
  // Several hosts: connect to whichever takes writes, and follow it when that changes.
  const follower = hosts.length > 1 ? followWritableHost(hosts, options.pool.connectTimeoutMs) : undefined;
  return {
    client: 'pg',
    connection: follower ? follower.connection : (hosts[0] as Knex.PgConnectionConfig),
    pool: follower ? follower.pool(poolConfig(options.pool)) : poolConfig(options.pool),
    acquireConnectionTimeout: options.pool.acquireTimeoutMs,
    migrations: migrationConfig(options.migrationsDirectory ?? defaultMigrationsDirectory()),
    log: knexLog(options.logger),
  };
}

/**
 * The knex instance for migrations and session-bound work: `pooled` itself unless `directUrl` names
 * another server (PostgreSQL behind the PgBouncer of `databaseUrl`). Its pool opens connections
 * only while a migration runs: a session advisory lock taken through PgBouncer in transaction mode
 * would stay on a pooled server connection and block the next runner for good.
 */
function directKnex(options: PlanStoreOptions, pooled: Knex): Knex {
  if (options.directUrl === options.databaseUrl) return pooled;
  return knexFactory({
    ...knexConfig(options, options.directUrl),
    pool: poolConfig({ ...options.pool, size: 0, maxOverflow: 2 }),
  });
}

/**
 * The migrator, made to open one pooled connection first: with several hosts the pool is what
 * finds the writable one, and the migration lock's own connection goes where the pool went.
 */
function withHostResolved(knex: Knex, migrator: StoreMigrator): StoreMigrator {
  const resolved = async () => {
    await knex.raw('select 1').catch((err: unknown) => {
      throw toStoreError(err);
    });
  };
  return {
    latest: () => resolved().then(migrator.latest),
    rollback: () => resolved().then(migrator.rollback),
    status: migrator.status,
  };
}

/** How long a replica that failed is left alone before it is asked again. */
const REPLICA_DOWN_MS = 1000;

/**
 * A pool on a streaming replica. A replica that cannot hand out a connection within a second is
 * skipped (the primary answers), so its timeouts are short.
 */
function replicaKnex(options: PlanStoreOptions, url: string): Knex {
  const pool = {
    ...options.pool,
    acquireTimeoutMs: Math.min(options.pool.acquireTimeoutMs, 1000),
    connectTimeoutMs: Math.min(options.pool.connectTimeoutMs, 1000),
  };
  const replica = knexFactory(knexConfig({ ...options, pool }, url));
  trackReleases(replica);
  return replica;
}

/**
 * Creates a plan store. Options not given are read from the environment (`DATABASE_URL`,
 * `DATABASE_POOL_SIZE`, …) and then from {@link DEFAULTS}. No connection is opened until the
 * first query. Throws `PlanStoreConfigError` naming a bad setting.
 *
 * @example
 * const store = createPlanStore({ databaseUrl: 'postgresql://localhost/travel_planner' });
 * await store.migrate.latest();
 * const plan = await store.plans.create({ userWallet, destination: 'Paris', budget: 2000, planData: {} });
 */
export function createPlanStore(input?: PlanStoreOptionsInput): PlanStore {
  const options = resolveOptions(input);
  const ownsKnex = options.knex === undefined;
  const knex = options.knex ?? knexFactory(knexConfig(options));
  if (ownsKnex) trackReleases(knex);
  const migrationsDirectory = options.migrationsDirectory ?? defaultMigrationsDirectory();
  const direct = ownsKnex ? directKnex(options, knex) : knex;
  const primary = pooledRunner(knex);
  const replicas = options.readUrls.map((url) => replicaKnex(options, url));
  const keys = options.cache && cacheKeys(options.cache.keyPrefix);
  const cache = options.cache && keys && createPlanCache(options.cache, keys, options.logger);
  // With a cache, plan reads stay on the primary: a fill from a replica that has not replayed a
  // write yet would keep serving the old rows after the replica caught up.
  const routing =
    replicas.length === 0 || cache
      ? primaryOnly(primary)
      : replicaRouting(
          primary,
          replicas.map((replica) => createReplica(replica, { downForMs: REPLICA_DOWN_MS })),
          primaryWritePositions(primary),
        );

  const repositories = createRepositories(primary, (fn) => runAtomically(knex, fn), routing);
  const lookup = granteeLookup(primary);

  return {
    knex,
    ...(cache && keys ? withCache(repositories, cache, keys, lookup) : repositories),
    accounts: createAccountRepository(primary),
    analytics: createAnalyticsRepository(primary),
    migrate:
      hostUrls(options.directUrl).length > 1
        ? withHostResolved(direct, createMigrator(direct, migrationsDirectory))
        : createMigrator(direct, migrationsDirectory),
    transaction: (fn, txOptions) =>
      cache && keys
        ? cachedTransaction(
            cache,
            keys,
            repositories,
            lookup,
            (inner) => runTransaction(knex, inner, txOptions, routing),
            fn,
          )
        : runTransaction(knex, fn, txOptions, routing),
    readStats: () => routing.stats(),
    async health({ timeoutMs = 2000 } = {}) {
      const database = await checkHealth(knex, timeoutMs);
      return cache ? { ...database, cache: cache.health() } : database;
    },
    ...(cache ? { cache: { stats: () => cache.stats(), health: () => cache.health() } } : {}),
    async close() {
      await cache?.close();
      if (!ownsKnex) return;
      await knex.destroy();
      if (direct !== knex) await direct.destroy();
      await Promise.all(replicas.map((replica) => replica.destroy()));
    },
  };
}
