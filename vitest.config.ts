import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Tests run the workspace packages from their TypeScript sources, never from a stale build. */
export const workspaceAlias = [
  { find: /^@travel-planner\/plan-store$/, replacement: src('./packages/plan-store/src/index.ts') },
  { find: /^@travel-planner\/plan-store\/rules$/, replacement: src('./packages/plan-store/src/rules.ts') },
  { find: /^@travel-planner\/plan-service$/, replacement: src('./packages/plan-service/src/index.ts') },
  {
    find: /^@travel-planner\/plan-service\/client$/,
    replacement: src('./packages/plan-service/src/client/index.ts'),
  },
  { find: /^@travel-planner\/http-gateway$/, replacement: src('./packages/http-gateway/src/index.ts') },
];

/** Database tests that do not run through PgBouncer, each for the reason given. */
const PGBOUNCER_EXCLUDED = [
  // They count and terminate the server sessions of the pool, which PgBouncer decouples from it.
  'packages/plan-store/test/pool.test.ts',
  // They cut the database off under a running service; PgBouncer then holds the calls until its
  // query_wait_timeout instead of refusing them (README "Scaling": PgBouncer).
  'packages/plan-service/test/health.test.ts',
  'packages/http-gateway/test/health.test.ts',
  // Child processes and servers of their own: slow, and PgBouncer is not in their path.
  'packages/plan-store/test/knex-cli.test.ts',
  'packages/plan-store/test/package.test.ts',
  'packages/plan-store/test/ssl.test.ts',
  'packages/plan-service/test/bin.test.ts',
];

export default defineConfig({
  resolve: { alias: workspaceAlias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['packages/*/test/**/*.test.ts', 'test/*.test.ts'],
          globalSetup: ['./test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The same database tests through PgBouncer in transaction mode, except those about
          // things PgBouncer hides or that own their servers (README "Scaling": PgBouncer).
          name: 'db-pgbouncer',
          include: ['packages/*/test/**/*.test.ts'],
          exclude: PGBOUNCER_EXCLUDED,
          globalSetup: ['./test/pgbouncer-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // PgBouncer, streaming replicas, failover: each file starts the servers it needs.
          name: 'scale',
          include: ['test/scale/**/*.test.ts'],
          globalSetup: ['./test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
