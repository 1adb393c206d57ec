// One database per test file, copied from the migrated template made by global-setup.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './scratch-database';

/** A database of this test file's own. */
export interface TestDatabase {
  name: string;
  /** What the code under test connects to: through PgBouncer when the test project runs behind one. */
  url: string;
  /** The server itself, for migrations and session-bound work (`DATABASE_DIRECT_URL`). */
  directUrl: string;
  /** Superuser URL of the server, for catalog queries and pg_terminate_backend. */
  adminUrl: string;
  drop(): Promise<void>;
}

/** Runs one statement as the server's superuser. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
  database?: string,
): Promise<pg.QueryResult<R>> {
  const adminUrl = inject('pgAdminUrl');
  const client = new pg.Client({ connectionString: database ? withDatabase(adminUrl, database) : adminUrl });
  await client.connect();
  try {
    return await client.query<R>(sql, params);
  } finally {
    await client.end();
  }
}

/** `url` through the project's PgBouncer, if it has one. */
function throughPgBouncer(url: string): string {
  const port = inject('pgBouncerPort');
  if (port === undefined) return url;
  const pooled = new URL(url);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  return pooled.toString();
}

/** Creates a database: a copy of the migrated template, or an empty one with `{ empty: true }`. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `plan_test_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? 'template1' : inject('pgTemplate');
  await adminQuery(`create database ${name} template ${template}`);
  const directUrl = withDatabase(adminUrl, name);
  return {
    name,
    adminUrl,
    url: throughPgBouncer(directUrl),
    directUrl,
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
