// The published package, as another service gets it: packed, installed into a project outside
// the workspace, imported by name as ESM and as CommonJS, migrating a database with the
// migrations it ships.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../../test/support';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGE = resolve(ROOT, 'packages/plan-store');
let scratch: string;
let db: TestDatabase;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'plan-store-consumer-'));
  db = await createTestDatabase({ empty: true });
  await run('pnpm', ['run', 'build'], { cwd: PACKAGE });
  await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: PACKAGE });
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run('pnpm', ['add', `./${tarball}`], { cwd: scratch });
}, 180_000);

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await db?.drop();
});

async function node(file: string, source: string): Promise<unknown> {
  writeFileSync(join(scratch, file), source);
  const { stdout } = await run(process.execPath, [file], {
    cwd: scratch,
    env: { ...process.env, DATABASE_URL: db.url },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('@travel-planner/plan-store from its tarball', () => {
  it('ships only the build and the compiled migrations', async () => {
    const { stdout } = await run('tar', ['-tzf', readdirSync(scratch).find((f) => f.endsWith('.tgz'))!], {
      cwd: scratch,
    });
    const files = stdout.trim().split('\n').sort();
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/index.d.cts');
    expect(files.filter((f) => f.startsWith('package/migrations/'))).toEqual([
      'package/migrations/20240801000000_create_plans.cjs',
      'package/migrations/20240801000100_harden_plans.cjs',
      'package/migrations/20240801000200_create_plan_idempotency_keys.cjs',
      'package/migrations/20240901000000_create_wallet_write_positions.cjs',
      'package/migrations/20261130100000_create_accounts.cjs',
      'package/migrations/20261130100100_create_sign_in_nonces.cjs',
      'package/migrations/20261130100200_create_sessions.cjs',
      'package/migrations/20261130200000_add_plan_sharing.cjs',
      'package/migrations/20261130300000_add_plan_analytics.cjs',
      'package/migrations/20261130400000_count_plan_deletes_before_cascade.cjs',
    ]);
    expect(files.some((f) => f.includes('/src/') || f.includes('/test/'))).toBe(false);
  });

  it('migrates a database when imported as ESM', { timeout: 60_000 }, async () => {
    const result = await node(
      'migrate.mjs',
      `import { createPlanStore } from '@travel-planner/plan-store';
       const store = createPlanStore({ pool: { size: 0, maxOverflow: 2 } });
       const batch = await store.migrate.latest();
       await store.close();
       console.log(JSON.stringify(batch));`,
    );
    expect(result).toEqual({
      batch: 1,
      migrations: [
        '20240801000000_create_plans',
        '20240801000100_harden_plans',
        '20240801000200_create_plan_idempotency_keys',
        '20240901000000_create_wallet_write_positions',
        '20261130100000_create_accounts',
        '20261130100100_create_sign_in_nonces',
        '20261130100200_create_sessions',
        '20261130200000_add_plan_sharing',
        '20261130300000_add_plan_analytics',
        '20261130400000_count_plan_deletes_before_cascade',
      ],
    });
    const { rows } = await adminQuery<{ name: string }>(
      'select name from knex_migrations order by id',
      [],
      db.name,
    );
    expect(rows.map((r) => r.name)).toHaveLength(10);
  });

  it('stores and reads plans when required as CommonJS', { timeout: 60_000 }, async () => {
    const result = await node(
      'use.cjs',
      `const { createPlanStore, PlanValidationError } = require('@travel-planner/plan-store');
       (async () => {
         const store = createPlanStore({ pool: { size: 0, maxOverflow: 2 } });
         const status = await store.migrate.status();
         const plan = await store.plans.create({ userWallet: '0x${'ab'.repeat(20)}', destination: 'Oslo', budget: 900, planData: { ok: true } });
         const invalid = await store.plans.create({}).catch((e) => e instanceof PlanValidationError);
         await store.close();
         console.log(JSON.stringify({ pending: status.pending, destination: plan.destination, invalid }));
       })();`,
    );
    expect(result).toEqual({ pending: [], destination: 'Oslo', invalid: true });
  });

  it('serves the input rules alone, as ESM and CommonJS; the CommonJS build loads neither knex nor pg', async () => {
    const probe = (load: string, loaded: string) =>
      `${load}
       let problem;
       try { rules.validatePlanRequest({ userWallet: '0x1', destination: 'Oslo', budget: 900 }); }
       catch (e) { problem = e instanceof rules.PlanValidationError ? e.field : String(e); }
       console.log(JSON.stringify({ max: rules.MAX_DESTINATION_LENGTH, problem, ${loaded} }));`;
    expect(
      await node('rules.mjs', probe(`import * as rules from '@travel-planner/plan-store/rules';`, '')),
    ).toEqual({
      max: 255,
      problem: 'userWallet',
    });
    const databaseModules = `db: Object.keys(require.cache).some((f) => /[\\\\/]node_modules[\\\\/](knex|pg|objection)[\\\\/]/.test(f))`;
    expect(
      await node(
        'rules.cjs',
        probe(`const rules = require('@travel-planner/plan-store/rules');`, databaseModules),
      ),
    ).toEqual({ max: 255, problem: 'userWallet', db: false });
  });
});
