// A database of each scenario's own on the suite's PostgreSQL server, owned by the services' login
// role, plus superuser queries for what the services cannot see (pg_stat_activity, row locks).
import { randomBytes } from 'node:crypto';
import { createPlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { inject } from 'vitest';
import { APP_ROLE } from './global-setup';
import { type PostgresServer, postgresServer, superuserUrl } from './postgres-server';

/** The application_name plan-store gives its connections (its default). */
const STORE_APPLICATION_NAME = 'plan-store';

/** The suite's server: start, stop, kill. */
export function faultServer(): PostgresServer {
  return postgresServer(inject('faultServer'));
}

/** The password of the services' role: a secret that must never appear in their output. */
export function appPassword(): string {
  return inject('appPassword');
}

/** One scenario's database. */
export interface ScenarioDatabase {
  name: string;
  /** What the services get as DATABASE_URL: the login role, with its password. */
  url: string;
  /** Superuser URL of this database. */
  adminUrl: string;
  /** Runs one statement as superuser in this database, on a connection of its own. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Connections of plan-store to this database, by state (`active`, `idle`, `idle in transaction`, …). */
  storeBackends(): Promise<{ total: number; byState: Record<string, number> }>;
  drop(): Promise<void>;
}

async function runOnce<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'fault-suite' });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a database owned by the services' role; `migrated` applies the plan-store migrations. */
export async function createScenarioDatabase(options: { migrated: boolean }): Promise<ScenarioDatabase> {
  const info = inject('faultServer');
  const name = `faults_${randomBytes(5).toString('hex')}`;
  await runOnce(superuserUrl(info), `create database ${name} owner ${APP_ROLE}`, []);
  const url = `postgresql://${APP_ROLE}:${inject('appPassword')}@127.0.0.1:${info.port}/${name}`;
  const adminUrl = superuserUrl(info, name);
  if (options.migrated) {
    const store = createPlanStore({
      databaseUrl: url,
      pool: { size: 0, maxOverflow: 1 },
      logger: { warn() {} },
    });
    try {
      await store.migrate.latest();
    } finally {
      await store.close();
    }
  }
  const query = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    runOnce<R>(adminUrl, sql, params);
  return {
    name,
    url,
    adminUrl,
    query,
    async storeBackends() {
      const rows = await query<{ state: string | null; n: string }>(
        `select state, count(*) as n from pg_stat_activity
          where datname = $1 and application_name = $2 group by state`,
        [name, STORE_APPLICATION_NAME],
      );
      const byState = Object.fromEntries(rows.map((row) => [row.state ?? 'unknown', Number(row.n)]));
      return { total: rows.reduce((sum, row) => sum + Number(row.n), 0), byState };
    },
    async drop() {
      await runOnce(superuserUrl(info), `drop database if exists ${name} with (force)`, []);
    },
  };
}
