// PostgreSQL servers for the scale tests and benchmarks, from Debian's PostgreSQL 15 binaries: a primary
// (initdb) and streaming replicas of it (pg_basebackup -R writes standby.signal and
// primary_conninfo), each on a spare 127.0.0.1 port with its data in a temporary directory. They
// run as the `postgres` OS user (PostgreSQL refuses root) with trust authentication on loopback.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { answers, freePort, postgresOsUser } from './local-postgres';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** The uid and gid to run PostgreSQL's programs as: the `postgres` OS user when this process is root. */
export function postgresProcessUser(): { uid: number; gid: number } | undefined {
  const user = postgresOsUser();
  return user && { uid: user.uid, gid: user.gid };
}

/** A directory under the system temp directory that the `postgres` user owns. */
export function postgresTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const user = postgresProcessUser();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One running server. */
export interface PostgresNode {
  port: number;
  /** Superuser URL of `database` on this server. */
  url(database?: string): string;
  /** Runs one statement as superuser on `database` (default `postgres`). */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[], database?: string): Promise<R[]>;
  /** SIGKILL to the postmaster and its backends; resolves once the postmaster is gone. */
  kill(): Promise<void>;
  /** Fast shutdown, waiting for the server to exit. */
  stop(): Promise<void>;
  /** Stops the server if it runs and deletes its files. */
  remove(): Promise<void>;
}

function runAsPostgres(command: string, args: string[]): void {
  execFileSync(join(PG_BIN, command), args, {
    ...postgresProcessUser(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function launch(dataDir: string, port: number, settings: string[]): Promise<PostgresNode> {
  const logFile = join(dataDir, '..', `postgres-${port}.log`);
  const log = openSync(logFile, 'a');
  const flags = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', ...settings].flatMap((s) => [
    '-c',
    s,
  ]);
  const child = spawn(join(PG_BIN, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], {
    ...postgresProcessUser(),
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  const url = (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(url(), 500))) {
    if (exited || Date.now() > deadline) {
      throw new Error(`PostgreSQL on ${port} did not start: ${readFileSync(logFile, 'utf8').slice(-500)}`);
    }
    await sleep(50);
  }
  const pid = child.pid!;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const node: PostgresNode = {
    port,
    url,
    async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database?: string) {
      const client = new pg.Client({ connectionString: url(database) });
      client.on('error', () => {});
      await client.connect();
      try {
        return (await client.query<R>(sql, params)).rows;
      } finally {
        await client.end().catch(() => {});
      }
    },
    async kill() {
      if (!alive()) return;
      process.kill(-pid, 'SIGKILL');
      // Its sockets close only when it exits, so a read right after could still reach it.
      while (alive()) await sleep(20);
    },
    async stop() {
      if (!alive()) return;
      process.kill(pid, 'SIGINT');
      while (alive()) await sleep(20);
    },
    async remove() {
      await node.kill();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
  return node;
}

/** Creates and starts a primary that streaming replicas can follow. */
export async function startPrimary(settings: string[] = []): Promise<PostgresNode> {
  const root = postgresTempDir('plan-scale-primary-');
  const dataDir = join(root, 'data');
  runAsPostgres('initdb', [`--pgdata=${dataDir}`, '--username=postgres', '--auth=trust', '--locale=C']);
  return launch(dataDir, await freePort(), ['wal_level=replica', 'max_wal_senders=10', ...settings]);
}

/** Copies `primary` with pg_basebackup and starts the copy as a hot standby streaming from it. */
export async function startReplica(primary: PostgresNode, settings: string[] = []): Promise<PostgresNode> {
  const root = postgresTempDir('plan-scale-replica-');
  const dataDir = join(root, 'data');
  runAsPostgres('pg_basebackup', [
    `--dbname=${primary.url()}`,
    `--pgdata=${dataDir}`,
    '--write-recovery-conf',
    '--wal-method=stream',
    '--checkpoint=fast',
  ]);
  if (!existsSync(join(dataDir, 'standby.signal'))) throw new Error('pg_basebackup wrote no standby.signal');
  return launch(dataDir, await freePort(), ['hot_standby=on', ...settings]);
}
