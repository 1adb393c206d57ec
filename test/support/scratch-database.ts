// Throwaway databases on a PostgreSQL server, for benchmarks and tests.
import pg from 'pg';

/** `url` with its database name replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement as the user of `url`. */
export async function runAs(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database named `name` on the server of `serverUrl` (replacing one left by an earlier run). */
export async function createScratchDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  await runAs(serverUrl, `drop database if exists ${name} with (force)`);
  await runAs(serverUrl, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => runAs(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
