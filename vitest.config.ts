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
    ],
  },
});
