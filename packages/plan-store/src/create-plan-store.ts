import knexFactory, { type Knex } from 'knex';
import { type AccountRepository, createAccountRepository } from './accounts/account-repository';
import { checkHealth, type StoreHealth } from './health';
import { createMigrator, defaultMigrationsDirectory, migrationConfig, type StoreMigrator } from './migrate';
import {
  type PlanStoreOptions,
  type PlanStoreOptionsInput,
  resolveOptions,
  type StoreLogger,
} from './options';
import { createPlanRepository, type PlanRepository } from './plans/plan-repository';
import { pooledRunner } from './plans/sql-executor';
import { poolConfig, trackReleases } from './pool';
import { redactSecrets } from './redact';
import { sslConfig, withoutSslParams } from './ssl';
import { type PlanStoreTransaction, runTransaction, type TransactionOptions } from './transaction';

/** A plan store: the repository, transactions, migrations, health and shutdown. */
export interface PlanStore {
  /** Plan operations, each in its own implicit transaction. */
  readonly plans: PlanRepository;
  /** Accounts, sign-in nonces and sessions (Sign-In with Ethereum). */
  readonly accounts: AccountRepository;
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: PlanStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Schema migrations shipped with the package. */
  readonly migrate: StoreMigrator;
  /** Pings the database (bounded by `timeoutMs`, default 2000) and reports pool gauges; never throws. */
  health(options?: { timeoutMs?: number }): Promise<StoreHealth>;
  /** Waits for checked-out connections to return, then closes the pool. */
  close(): Promise<void>;
  /** The underlying knex instance, for custom queries with `PlanModel.query(store.knex)`. */
  readonly knex: Knex;
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
 */
export function knexConfig(options: PlanStoreOptions): Knex.Config {
  return {
    client: 'pg',
    connection: {
      connectionString: withoutSslParams(options.databaseUrl),
      ssl: sslConfig(options.ssl),
      application_name: options.applicationName,
      connectionTimeoutMillis: options.pool.connectTimeoutMs,
      // TCP keepalive notices a peer that vanished without closing the socket.
      keepAlive: true,
    } as Knex.PgConnectionConfig,
    pool: poolConfig(options.pool),
    acquireConnectionTimeout: options.pool.acquireTimeoutMs,
    migrations: migrationConfig(options.migrationsDirectory ?? defaultMigrationsDirectory()),
    log: knexLog(options.logger),
  };
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

  const runSql = pooledRunner(knex);
  return {
    knex,
    plans: createPlanRepository(runSql),
    accounts: createAccountRepository(runSql),
    migrate: createMigrator(knex, migrationsDirectory),
    transaction: (fn, txOptions) => runTransaction(knex, fn, txOptions),
    health: ({ timeoutMs = 2000 } = {}) => checkHealth(knex, timeoutMs),
    async close() {
      if (ownsKnex) await knex.destroy();
    },
  };
}
