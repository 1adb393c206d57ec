import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { toStoreError } from './to-store-error';

/** Where migration bookkeeping lives; knex's default names, so the knex CLI sees the same history. */
export const MIGRATIONS_TABLE = 'knex_migrations';

const MIGRATION_FILE = /\.(ts|js|cjs|mjs)$/;

interface MigrationFile {
  name: string;
  path: string;
}

/**
 * The migrations shipped with this package. From the sources (tests, the knex CLI) they are the
 * repository's `migrations/*.ts`; from the build they are the compiled `migrations/*.cjs` beside `dist/`.
 */
export function defaultMigrationsDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === 'src' ? resolve(here, '../../../migrations') : resolve(here, '../migrations');
}

/**
 * A knex migration source over one directory whose migration names leave out the file extension,
 * so a migration recorded by the CLI from `x.ts` is the same migration as the packaged `x.cjs`.
 */
export function createMigrationSource(directory: string): Knex.MigrationSource<MigrationFile> {
  return {
    async getMigrations() {
      const byName = new Map<string, MigrationFile>();
      for (const file of readdirSync(directory).sort()) {
        if (!MIGRATION_FILE.test(file) || file.endsWith('.d.ts')) continue;
        const name = basename(file, extname(file));
        if (!byName.has(name)) byName.set(name, { name, path: join(directory, file) });
      }
      return [...byName.values()];
    },
    getMigrationName: (migration) => migration.name,
    async getMigration(migration) {
      const loaded = (await import(pathToFileURL(migration.path).href)) as Partial<Knex.Migration> & {
        default?: Knex.Migration;
      };
      // A compiled CommonJS migration arrives as `default` when imported from ESM.
      const module = loaded.up ? loaded : (loaded.default ?? loaded);
      return module as Knex.Migration;
    },
  };
}

/** Result of applying or rolling back a batch. */
export interface MigrationBatch {
  batch: number;
  /** Migration names, in the order they ran. */
  migrations: string[];
}

/** Which migrations have run and which have not. */
export interface MigrationStatus {
  completed: string[];
  pending: string[];
}

/** Schema migrations of a store: `store.migrate`. */
export interface StoreMigrator {
  /**
   * Applies every pending migration as one batch. Concurrent callers wait on knex's lock row, then
   * find nothing to do. Like every method here it rejects with a `PlanStoreError`, e.g.
   * `StoreUnavailableError` when the database cannot be reached or refuses the credentials.
   */
  latest(): Promise<MigrationBatch>;
  /** Undoes the last batch. */
  rollback(): Promise<MigrationBatch>;
  status(): Promise<MigrationStatus>;
}

/** The knex `migrations` config for a directory. @internal */
export function migrationConfig(directory: string): Knex.MigratorConfig {
  return { migrationSource: createMigrationSource(directory), tableName: MIGRATIONS_TABLE };
}

// Any constant works; it only has to be the same for every runner of these migrations.
const MIGRATION_LOCK_KEY = 'travel-planner:migrations';

interface RawClient {
  acquireRawConnection(): Promise<{ query(sql: string, params?: unknown[]): Promise<unknown> }>;
  destroyRawConnection(connection: unknown): Promise<void>;
}

/**
 * Runs `work` while holding a session-level advisory lock on a connection of its own (outside
 * the pool, so a pool of one cannot deadlock). knex's own lock is a row in a table that the first
 * runner creates, and creating that table races on an empty database (knex#3538): two runners
 * would both try and one fails. With this lock the second runner waits, then finds nothing to do.
 */
async function serialized<T>(knex: Knex, work: () => Promise<T>): Promise<T> {
  const client = knex.client as RawClient;
  const connection = await client.acquireRawConnection();
  try {
    await connection.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    // Closing the session releases the lock even if the unlock never reaches the server.
    await client.destroyRawConnection(connection).catch(() => {});
  }
}

// Migrations go through knex, whose driver errors (`28000`, `ECONNREFUSED`, …) are typed here as
// everywhere else in the store.
function typed<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((err: unknown) => {
    throw toStoreError(err);
  });
}

/** @internal */
export function createMigrator(knex: Knex, directory: string): StoreMigrator {
  const config = migrationConfig(directory);
  const migrator: StoreMigrator = {
    latest: () =>
      serialized(knex, async () => {
        const [batch, migrations] = (await knex.migrate.latest(config)) as [number, string[]];
        return { batch, migrations };
      }),
    rollback: () =>
      serialized(knex, async () => {
        const [batch, migrations] = (await knex.migrate.rollback(config)) as [number, string[]];
        return { batch, migrations };
      }),
    async status() {
      const [completed, pending] = (await knex.migrate.list(config)) as [
        Array<{ name: string }>,
        MigrationFile[],
      ];
      return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.name) };
    },
  };
  return {
    latest: () => typed(migrator.latest),
    rollback: () => typed(migrator.rollback),
    status: () => typed(migrator.status),
  };
}
