// The plan-store every test uses: a small pool, and warnings kept off the console.
import { createPlanStore, type PlanStore, type PlanStoreOptionsInput } from '@travel-planner/plan-store';

/**
 * A store over `database` (a {@link TestDatabase} or a URL), with a pool of at most 5 connections;
 * `options` override any setting, `pool` field by field.
 */
export function createTestStore(
  database: { url: string; directUrl?: string } | string,
  options: Omit<PlanStoreOptionsInput, 'databaseUrl'> = {},
): PlanStore {
  return createPlanStore({
    databaseUrl: typeof database === 'string' ? database : database.url,
    // Migrations bypass the PgBouncer that `url` may go through.
    ...(typeof database === 'string' || !database.directUrl ? {} : { directUrl: database.directUrl }),
    logger: { warn() {} },
    ...options,
    pool: { size: 0, maxOverflow: 5, ...options.pool },
  });
}
