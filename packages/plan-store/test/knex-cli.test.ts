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
// Other features add migrations: the expectations follow the folder, never a fixed count.
const MIGRATIONS = readdirSync(join(ROOT, 'migrations'))
  .filter((file) => /\.(ts|js)$/.test(file))
  .map((file) => file.replace(/\.(ts|js)$/, ''))
  .sort();
const LAST_MIGRATION = MIGRATIONS.at(-1)!;
let db: TestDatabase;

// Each run starts node with tsx (seconds on a loaded machine), so the test runs each command once
// and checks everything its output and the database then say.
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

async function planCount(): Promise<number> {
  const { rows } = await adminQuery<{ n: number }>('select count(*)::int as n from plans', [], db.name);
  return rows[0]!.n;
}

/** The migrations the library finds pending in the history the CLI wrote. */
async function pendingInLibrary(): Promise<readonly string[]> {
  const store = createPlanStore({
    databaseUrl: db.url,
    pool: { size: 0, maxOverflow: 1 },
    logger: { warn() {} },
  });
  try {
    return (await store.migrate.status()).pending;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(() => db.drop());

// The two tests share nothing (the second writes to a folder of its own), so they run side by side.
describe.concurrent('pnpm knex', () => {
  it('runs the Alembic-equivalent commands', { timeout: 60_000 }, async () => {
    expect(MIGRATIONS.length).toBeGreaterThan(1);
    expect(await knexCli('migrate:latest')).toMatch(`Batch 1 run: ${MIGRATIONS.length} migrations`);

    expect(await knexCli('seed:run')).toMatch(/Ran 1 seed files/);
    expect(await planCount()).toBe(2);
    await knexCli('seed:run'); // idempotent
    expect(await planCount()).toBe(2);

    expect(await knexCli('migrate:down')).toMatch(LAST_MIGRATION);
    const list = await knexCli('migrate:list');
    expect(list).toMatch(`Found ${MIGRATIONS.length - 1} Completed Migration`);
    expect(list).toMatch(/Found 1 Pending Migration/);
    expect(await knexCli('migrate:up')).toMatch(LAST_MIGRATION);
    // The library reads the CLI's history as its own: nothing pending, nothing "missing".
    expect(await pendingInLibrary()).toEqual([]);

    // The last batch is the one migration `up` ran; the library then sees it pending again.
    expect(await knexCli('migrate:rollback')).toMatch(/Batch 2 rolled back: 1 migrations/);
    expect(await pendingInLibrary()).toEqual([LAST_MIGRATION]);
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
