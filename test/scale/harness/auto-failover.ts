// A pg_auto_failover formation on this machine (Debian `postgresql-15-auto-failover`): a monitor,
// a primary and a synchronous standby, each a `pg_autoctl … --run` process group of its own on a
// spare port, as the `postgres` OS user, with its data and pg_autoctl's state in one temporary
// directory. The monitor's timeouts are tuned down from the defaults (20 s unhealthy, 30 s demote).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../../scripts/local-postgres';
import { PG_BIN, postgresProcessUser, postgresTempDir } from '../../../scripts/postgres-node';

/** Monitor settings (milliseconds) that bound how long the formation is without a writable primary. */
export const MONITOR_SETTINGS: Record<string, number> = {
  'pgautofailover.health_check_period': 500,
  'pgautofailover.health_check_timeout': 500,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 200,
  'pgautofailover.node_considered_unhealthy_timeout': 1500,
  'pgautofailover.primary_demote_timeout': 3000,
};

interface NodeRow {
  nodeport: number;
  reportedstate: string;
  goalstate: string;
}

/** A running formation. */
export interface Formation {
  /** The data nodes' ports, in creation order (the first starts as primary). */
  ports: number[];
  /** libpq multi-host URL of `database` over both nodes, with target_session_attrs=read-write. */
  url(database: string): string;
  /** Superuser URL of `database` on one node. */
  nodeUrl(port: number, database: string): string;
  /** The node the monitor has as writable primary (reported and assigned), if any. */
  primaryPort(): Promise<number | undefined>;
  /** Reported and assigned state of each node, from the monitor. */
  states(): Promise<NodeRow[]>;
  /** SIGKILL to a node's pg_autoctl and its PostgreSQL (the whole process group). */
  kill(port: number): void;
  /** Stops everything and deletes the files. */
  remove(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

async function waitFor(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Starts a monitor, then a primary, then a synchronous standby, and waits until they are in sync. */
export async function startFormation(): Promise<Formation> {
  const root = postgresTempDir('plan-scale-failover-');
  const env = {
    ...process.env,
    PG_CONFIG: join(PG_BIN, 'pg_config'),
    PATH: `${PG_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'share'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    HOME: root,
  };
  const children = new Map<number, ChildProcess>();

  function autoctl(port: number, args: string[]): void {
    const log = openSync(join(root, `pg_autoctl-${port}.log`), 'a');
    const child = spawn(
      'pg_autoctl',
      [
        ...args,
        '--pgdata',
        join(root, `pg-${port}`),
        '--pgport',
        String(port),
        '--hostname',
        '127.0.0.1',
        '--auth',
        'trust',
        '--no-ssl',
        '--run',
      ],
      { ...postgresProcessUser(), env, cwd: root, detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    child.unref();
    children.set(port, child);
  }

  const killAll = () => {
    for (const child of children.values()) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  try {
    return await formationOn(root, children, autoctl, killAll);
  } catch (err) {
    killAll();
    await sleep(500);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

async function formationOn(
  root: string,
  children: Map<number, ChildProcess>,
  autoctl: (port: number, args: string[]) => void,
  killAll: () => void,
): Promise<Formation> {
  const monitorPort = await freePort();
  const monitorUrl = `postgresql://postgres@127.0.0.1:${monitorPort}/pg_auto_failover`;
  autoctl(monitorPort, ['create', 'monitor']);
  await waitFor('the monitor', 60_000, async () => (await query(monitorUrl, 'select 1')).length === 1);
  for (const [name, value] of Object.entries(MONITOR_SETTINGS)) {
    await query(monitorUrl, `alter system set ${name} = ${value}`);
  }
  await query(monitorUrl, 'select pg_reload_conf()');

  const states = () =>
    query<NodeRow>(
      monitorUrl,
      'select nodeport, reportedstate, goalstate from pgautofailover.node order by nodeid',
    );
  const nodeMonitor = `postgresql://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`;
  const ports: number[] = [];
  // Alone, the first node is `single`; once the standby caught up, `primary` and `secondary`.
  for (const expected of [['single'], ['primary', 'secondary']]) {
    const port = await freePort();
    ports.push(port);
    autoctl(port, ['create', 'postgres', '--monitor', nodeMonitor]);
    await waitFor(`node ${ports.length} to join`, 120_000, async () => {
      const rows = await states();
      return (
        rows.length === expected.length &&
        rows.every((row, i) => row.reportedstate === expected[i] && row.goalstate === expected[i])
      );
    });
  }

  const formation: Formation = {
    ports,
    url: (database) =>
      `postgresql://postgres@${ports.map((p) => `127.0.0.1:${p}`).join(',')}/${database}?target_session_attrs=read-write`,
    nodeUrl: (port, database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async primaryPort() {
      const rows = await states();
      // `wait_primary`: a primary whose standby is gone, writing without synchronous replication.
      const writable = ['primary', 'wait_primary'];
      return rows.find((row) => writable.includes(row.reportedstate) && row.goalstate === row.reportedstate)
        ?.nodeport;
    },
    states,
    kill(port) {
      const child = children.get(port);
      if (child?.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    async remove() {
      killAll();
      // The postmasters are children of the pg_autoctl processes, in the same process groups.
      await sleep(500);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return formation;
}
