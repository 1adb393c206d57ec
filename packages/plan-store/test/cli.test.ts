// `plan-store-migrate` as an operator runs it: every outcome is one line and an exit code.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');
let db: TestDatabase;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function migrateCli(args: string[], databaseUrl: string): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--conditions=@travel-planner/source', '--import', 'tsx', CLI, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(() => db.drop());

describe('plan-store-migrate', () => {
  it('prints its usage for --help and exits 0; a wrong command exits 2', { timeout: 60_000 }, async () => {
    const help = await migrateCli(['--help'], db.url);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: plan-store-migrate latest \| rollback \| status\n[\s\S]*\n$/);
    const wrong = await migrateCli(['upgrade'], db.url);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^usage: /);
  });

  it('migrates and reports in one line', { timeout: 60_000 }, async () => {
    const latest = await migrateCli(['latest'], db.url);
    expect(latest).toMatchObject({ code: 0, stderr: '' });
    expect(latest.stdout).toMatch(/^batch 1 applied: 20240801000000_create_plans, .*\n$/);
  });

  it('answers a bad or unreachable DATABASE_URL with one line and exit 1, no stack, no password', {
    timeout: 60_000,
  }, async () => {
    const malformed = await migrateCli(['status'], '::not a url');
    expect(malformed).toEqual({
      code: 1,
      stdout: '',
      stderr: 'STORE_CONFIG: DATABASE_URL: is not a valid URL\n',
    });
    const refused = await migrateCli(
      ['latest'],
      'postgresql://travel_user:s3cret@127.0.0.1:1/travel_planner',
    );
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'STORE_UNAVAILABLE: the plan database is unavailable\n',
    });
  });
});
