// The knex CLI at the repository root (`pnpm knex …`) against DATABASE_URL, sharing the
// library's migration source, so both record the same migration names.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createPlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../../test/support';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
let db: TestDatabase;

async function knexCli(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      '--conditions=@travel-planner/source',
      '--import',
      'tsx',
      'node_modules/knex/bin/cli.js',
      '--knexfile',
      'knexfile.ts',
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, FORCE_COLOR: '0' } },
  );
  return stdout;
}

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(() => db.drop());

describe('pnpm knex', () => {
  it('runs the Alembic-equivalent commands', { timeout: 60_000 }, async () => {
    expect(await knexCli('migrate:latest')).toMatch(/Batch 1 run: 9 migrations/);
    expect(await knexCli('migrate:list')).toMatch(/Found 9 Completed Migration/);

    expect(await knexCli('migrate:down')).toMatch(/20261130300000_add_plan_analytics/);
    expect(await knexCli('migrate:list')).toMatch(/Found 1 Pending Migration/);
    expect(await knexCli('migrate:up')).toMatch(/20261130300000_add_plan_analytics/);

    expect(await knexCli('migrate:rollback')).toMatch(/Batch 1 rolled back: 2 migrations|rolled back/);
    expect(await knexCli('migrate:latest')).toMatch(/Batch \d run/);

    expect(await knexCli('seed:run')).toMatch(/Ran 1 seed files/);
    const { rows } = await adminQuery<{ n: number }>('select count(*)::int as n from plans', [], db.name);
    expect(rows[0]!.n).toBe(2);
    await knexCli('seed:run'); // idempotent
    expect(
      (await adminQuery<{ n: number }>('select count(*)::int as n from plans', [], db.name)).rows[0]!.n,
    ).toBe(2);

    // The library reads the CLI's history as its own: nothing pending, nothing "missing".
    const store = createPlanStore({
      databaseUrl: db.url,
      pool: { size: 0, maxOverflow: 1 },
      logger: { warn() {} },
    });
    try {
      expect((await store.migrate.status()).pending).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('makes a new TypeScript migration', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-migrations-'));
    try {
      await knexCli('migrate:make', 'add_notes', '--migrations-directory', dir);
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^\d{14}_add_notes\.ts$/);
      expect(existsSync(join(dir, file!))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
