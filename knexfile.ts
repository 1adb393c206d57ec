// Configuration of the knex CLI (`pnpm knex migrate:latest`, …): the same connection, TLS, pool
// and migration source as the library, read from DATABASE_DIRECT_URL or DATABASE_URL and the other DATABASE_* variables.
import { knexConfig, resolveOptions } from '@travel-planner/plan-store';
import type { Knex } from 'knex';

// Migrations bypass PgBouncer: DATABASE_DIRECT_URL when set, else DATABASE_URL.
const options = resolveOptions({ migrationsDirectory: 'migrations', pool: { size: 0, maxOverflow: 2 } });
const base = knexConfig(options, options.directUrl);

const config: Knex.Config = {
  ...base,
  // `migrate:make NAME` writes migrations/<timestamp>_NAME.ts.
  migrations: { ...base.migrations, extension: 'ts' },
  seeds: { directory: './seeds', loadExtensions: ['.ts'] },
};

export default config;
