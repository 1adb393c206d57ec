// A PgBouncer (Debian's `pgbouncer` package) in transaction pooling mode in front of one
// PostgreSQL server, on a spare port with its files in a temporary directory: for the test setup,
// the scale tests and the benchmarks.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort, postgresOsUser } from './local-postgres';

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** A running PgBouncer. */
export interface PgBouncer {
  port: number;
  /** `serverUrl` with its host and port replaced by PgBouncer's: the same user, password and database. */
  urlFor(serverUrl: string): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Any URL of the server to pool (its host, port, user and password are used). */
  serverUrl: string;
  /** Server connections per database and user (PgBouncer's `default_pool_size`). Default 20. */
  poolSize?: number;
  /** Client connections PgBouncer accepts. Default 1000. */
  maxClientConnections?: number;
}

/** Whether Debian's pgbouncer is installed (`.ci/run` installs it). */
export function pgBouncerInstalled(): boolean {
  try {
    execFileSync(PGBOUNCER, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Starts PgBouncer in transaction mode on a spare 127.0.0.1 port and waits until it answers. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const password = decodeURIComponent(server.password);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'plan-pgbouncer-'));
  // PgBouncer refuses to run as root; it then switches to the `postgres` user (`-u`).
  const owner = postgresOsUser();
  const asRoot = owner !== undefined;
  const authFile = join(dir, 'users.txt');
  // Clients are trusted (the test server is local); the password in the file logs in to PostgreSQL.
  writeFileSync(authFile, `${quoted(user)} ${quoted(password)}\n`, { mode: 0o600 });
  const configFile = join(dir, 'pgbouncer.ini');
  writeFileSync(
    configFile,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${authFile}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 20}`,
      `max_client_conn = ${options.maxClientConnections ?? 1000}`,
      'ignore_startup_parameters = extra_float_digits,options',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  if (owner) for (const file of [dir, authFile, configFile]) chownSync(file, owner.uid, owner.gid);

  const logFile = join(dir, 'pgbouncer.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), configFile], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const urlFor = (serverUrl: string) => {
    const url = new URL(serverUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(urlFor(options.serverUrl), 500))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PgBouncer did not start:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    port,
    urlFor,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
