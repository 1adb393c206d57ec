import type { Knex } from 'knex';
import type { PoolOptions } from './options';

/** Pool gauges, as reported by `store.health()`. */
export interface PoolStats {
  /** Open connections (idle + busy). */
  size: number;
  idle: number;
  busy: number;
  /** Queries waiting for a connection. */
  pending: number;
  max: number;
}

interface PooledConnection {
  query(sql: string): Promise<unknown>;
  /** When this connection was last handed back to the pool (performance.now()). */
  releasedAt?: number;
}

// The subset of tarn's Pool that the stats and release tracking need.
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  on(event: 'release', listener: (resource: PooledConnection) => void): void;
}

/**
 * The knex `pool` settings for the SQLAlchemy-style options: `size` connections stay open,
 * `maxOverflow` more come and go, connections past `recycleSeconds` are replaced at checkout
 * (knex's `maxConnectionLifetimeMillis`), and with `prePing` a connection idle longer than
 * `prePingIdleMs` must answer `SELECT 1` before it is handed out, or it is replaced.
 */
export function poolConfig(pool: PoolOptions): Knex.PoolConfig {
  return {
    min: pool.size,
    max: pool.size + pool.maxOverflow,
    acquireTimeoutMillis: pool.acquireTimeoutMs,
    idleTimeoutMillis: pool.idleTimeoutMs,
    createTimeoutMillis: pool.connectTimeoutMs,
    ...(pool.recycleSeconds > 0 ? { maxConnectionLifetimeMillis: pool.recycleSeconds * 1000 } : {}),
    ...(pool.prePing ? { validate: (conn: PooledConnection) => isAlive(conn, pool) } : {}),
  } as Knex.PoolConfig;
}

async function isAlive(conn: PooledConnection, pool: PoolOptions): Promise<boolean> {
  // A connection that answered a moment ago is alive; pinging it would double the round trips
  // of a busy pool. Dropped sockets that announce themselves are already caught by knex.
  if (conn.releasedAt !== undefined && performance.now() - conn.releasedAt < pool.prePingIdleMs) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('ping timed out')), pool.prePingTimeoutMs);
  });
  try {
    await Promise.race([conn.query('SELECT 1'), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Stamps each connection's release time, which the pre-ping reads. @internal */
export function trackReleases(knex: Knex): void {
  tarnPool(knex)?.on('release', (conn) => {
    conn.releasedAt = performance.now();
  });
}

function tarnPool(knex: Knex): TarnPool | undefined {
  return (knex.client as { pool?: TarnPool }).pool;
}

/** Current pool gauges, all zero when the pool is gone. @internal */
export function poolStats(knex: Knex): PoolStats {
  const pool = tarnPool(knex);
  if (!pool) return { size: 0, idle: 0, busy: 0, pending: 0, max: 0 };
  const idle = pool.numFree();
  const busy = pool.numUsed();
  return { size: idle + busy, idle, busy, pending: pool.numPendingAcquires(), max: pool.max };
}
