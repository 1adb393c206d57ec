// Scenario 7: two and five `migrate.latest()` at once on an empty database, through the store API
// (each runner its own store) and through the `plan-store-migrate` command (separate processes).
// One runner applies the migrations, the others wait and find nothing to do; the schema is the one
// a single runner makes, and knex's lock is released.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createPlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support';
import { createScenarioDatabase, type ScenarioDatabase } from './harness/database';
import { printTable } from './harness/report';

const ROUNDS_IN_PROCESS = 5;
const ROUNDS_CLI = 2;
const EXPECTED_MIGRATIONS = [
  ...new Set(readdirSync(join(REPO_ROOT, 'migrations')).map((file) => basename(file, extname(file)))),
].sort();

// Tables, columns, indexes, constraints and triggers of the public schema, one line each.
const SCHEMA_SQL = `
  select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
         || ' ' || coalesce(column_default, '') as line
    from information_schema.columns where table_schema = 'public'
  union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'
  union all select 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid)
    from pg_constraint where connamespace = 'public'::regnamespace
  union all select 'trigger ' || tgrelid::regclass || '.' || tgname from pg_trigger where not tgisinternal
  order by line`;

/** What one runner reported: the migrations it applied (empty when it found nothing to do). */
interface RunnerResult {
  applied: number;
  ok: boolean;
}

/** The packaged command when the package is built, else the same command from its sources. */
function migrateCommand(): string[] {
  const built = join(REPO_ROOT, 'packages/plan-store/dist/cli.js');
  return existsSync(built)
    ? [built, 'latest']
    : ['--conditions=@travel-planner/source', '--import', 'tsx', 'packages/plan-store/src/cli.ts', 'latest'];
}

async function runInProcess(db: ScenarioDatabase, runners: number): Promise<RunnerResult[]> {
  const stores = Array.from({ length: runners }, () =>
    createPlanStore({ databaseUrl: db.url, pool: { size: 0, maxOverflow: 2 }, logger: { warn() {} } }),
  );
  try {
    return await Promise.all(
      stores.map((store) =>
        store.migrate.latest().then(
          (batch) => ({ applied: batch.migrations.length, ok: true }),
          () => ({ applied: 0, ok: false }),
        ),
      ),
    );
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

async function runCommands(db: ScenarioDatabase, runners: number): Promise<RunnerResult[]> {
  const [command, ...args] = [process.execPath, ...migrateCommand()];
  return Promise.all(
    Array.from(
      { length: runners },
      () =>
        new Promise<RunnerResult>((resolve) => {
          execFile(
            command!,
            args,
            { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url }, timeout: 30_000 },
            (error, stdout) => {
              // "batch 1 applied: a, b, c" or "nothing to do (batch 1)"
              const applied = /applied: (.+)$/m.exec(stdout)?.[1]?.split(', ').length ?? 0;
              resolve({ applied, ok: error === null && (applied > 0 || stdout.includes('nothing to do')) });
            },
          );
        }),
    ),
  );
}

describe('scenario 7: concurrent migrate.latest() on an empty database', () => {
  let reference: ScenarioDatabase;
  let referenceSchema: string[];

  beforeAll(async () => {
    reference = await createScenarioDatabase({ migrated: true });
    referenceSchema = (await reference.query<{ line: string }>(SCHEMA_SQL)).map((row) => row.line);
  });

  afterAll(async () => {
    await reference?.drop();
  });

  async function rounds(how: 'store API' | 'command', runners: number, count: number) {
    const outcomes = [];
    for (let round = 0; round < count; round++) {
      const db = await createScenarioDatabase({ migrated: false });
      try {
        const results = await (how === 'store API' ? runInProcess(db, runners) : runCommands(db, runners));
        const recorded = await db.query<{ name: string; batch: number }>(
          'select name, batch from knex_migrations order by name',
        );
        const locks = await db.query<{ is_locked: number }>('select is_locked from knex_migrations_lock');
        const schema = (await db.query<{ line: string }>(SCHEMA_SQL)).map((row) => row.line);
        outcomes.push({ results, recorded, locks, schema });
      } finally {
        await db.drop();
      }
    }
    const appliedBy = outcomes.map((o) => o.results.map((r) => r.applied).join('/'));
    printTable(`scenario 7: ${runners} concurrent runners via the ${how}, ${count} rounds`, [
      ['migrations applied per runner', appliedBy.join('  ')],
      ['runners that failed', outcomes.reduce((n, o) => n + o.results.filter((r) => !r.ok).length, 0)],
      [
        'batches recorded per round',
        outcomes.map((o) => new Set(o.recorded.map((r) => r.batch)).size).join(' '),
      ],
      ['lock rows is_locked', outcomes.map((o) => o.locks.map((l) => l.is_locked).join(',')).join(' ')],
      [
        'schema equals a single runner’s',
        String(outcomes.every((o) => o.schema.join('\n') === referenceSchema.join('\n'))),
      ],
    ]);
    for (const { results, recorded, locks, schema } of outcomes) {
      expect(results.every((r) => r.ok)).toBe(true);
      expect(results.map((r) => r.applied).sort()).toEqual([
        ...Array.from({ length: runners - 1 }, () => 0),
        EXPECTED_MIGRATIONS.length,
      ]);
      expect(recorded.map((r) => r.name)).toEqual(EXPECTED_MIGRATIONS);
      expect(new Set(recorded.map((r) => r.batch)).size).toBe(1);
      expect(locks).toEqual([{ is_locked: 0 }]);
      expect(schema).toEqual(referenceSchema);
    }
  }

  it('2 and 5 runners through the store API: one applies, the others find nothing to do', async () => {
    await rounds('store API', 2, ROUNDS_IN_PROCESS);
    await rounds('store API', 5, ROUNDS_IN_PROCESS);
  });

  it('2 and 5 runners through the plan-store-migrate command, as separate processes', async () => {
    await rounds('command', 2, ROUNDS_CLI);
    await rounds('command', 5, ROUNDS_CLI);
  });
});
