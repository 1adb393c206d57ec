import type { Knex } from 'knex';
import pg from 'pg';

// libpq's target_session_attrs=read-write: not a standby, and not refusing writes (pg_auto_failover
// keeps a just-promoted node read-only until the monitor confirms the promotion).
const WRITABLE = `select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off' as writable`;

/** How often the hosts are asked again even when nothing failed (a switchover closes no socket). */
const RECHECK_MS = 5000;

type PgConfig = pg.ClientConfig & { connectionString: string };

interface TaggedConnection {
  on(event: 'error', listener: (err: unknown) => void): unknown;
  /** Which primary the connection was opened to; a connection to a former primary is dropped. */
  primaryGeneration?: number;
}

/** Whether the server at `config` takes writes, asked within `timeoutMs`; false when it does not answer. */
async function isWritable(config: PgConfig, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ writable: boolean }>(WRITABLE);
    return rows[0]?.writable === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Raised inside the pool when no host takes writes; the caller sees `StoreUnavailableError`. */
export class NoWritableHostError extends Error {
  readonly code = 'ECONNREFUSED';
  constructor() {
    super('no database host accepts writes');
  }
}

/**
 * Follows the writable host among several (a multi-host `DATABASE_URL`). New connections go to
 * the host that answers as writable; when that changes (failover), connections to the former
 * primary are dropped at their next checkout, so the pool moves without a restart. The hosts are
 * asked again after a pooled connection fails, and every few seconds otherwise. @internal
 */
export function followWritableHost(hostConfigs: readonly PgConfig[], probeTimeoutMs: number) {
  let generation = 0;
  let current: PgConfig | undefined;
  let suspect = true;
  let checkedAt = 0;
  const expired = () => suspect || performance.now() - checkedAt > RECHECK_MS;

  async function writableHost(): Promise<PgConfig> {
    const answers = await Promise.all(hostConfigs.map((config) => isWritable(config, probeTimeoutMs)));
    const found = hostConfigs[answers.indexOf(true)];
    if (!found) throw new NoWritableHostError();
    return found;
  }

  return {
    /** knex's `connection`: the writable host's settings, asked for again once they expire. */
    async connection(): Promise<Knex.PgConnectionConfig & { expirationChecker: () => boolean }> {
      const host = await writableHost();
      if (host !== current) {
        current = host;
        generation++;
      }
      suspect = false;
      checkedAt = performance.now();
      return { ...(host as Knex.PgConnectionConfig), expirationChecker: expired };
    },

    /** The pool settings with connections tagged by primary, and dropped once it changed. */
    pool(config: Knex.PoolConfig): Knex.PoolConfig {
      const validate = (config as { validate?: (conn: TaggedConnection) => Promise<boolean> | boolean })
        .validate;
      return {
        ...config,
        afterCreate(conn: TaggedConnection, done: (err: Error | null, conn: TaggedConnection) => void) {
          conn.primaryGeneration = generation;
          conn.on('error', () => {
            suspect = true;
          });
          done(null, conn);
        },
        validate: async (conn: TaggedConnection) => {
          if (conn.primaryGeneration !== generation) return false;
          if (!validate) return true;
          const alive = await validate(conn);
          if (!alive) suspect = true;
          return alive;
        },
      } as Knex.PoolConfig;
    },
  };
}
