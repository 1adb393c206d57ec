import type { Knex } from 'knex';

/** A pooled node-postgres connection, as knex's pool hands it out. */
export interface PgConnection {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  /** Set by knex when the connection's socket failed; the pool then discards it. */
  __knex__disposed?: unknown;
}

interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** Runs one parameterized statement and returns its rows. */
export type RunSql = <R>(sql: string, params: readonly unknown[]) => Promise<R[]>;

/** knex's connection pool, used directly. @internal */
export function poolOf(knex: Knex): KnexClient {
  return knex.client as unknown as KnexClient;
}

/**
 * Runs each statement on a connection borrowed from the knex pool for just that statement.
 * Going straight to the driver skips building and compiling a query per call, which cost about a
 * third of the throughput of a simple read. Statements are unnamed (no server-side prepare), so
 * PgBouncer in transaction mode works.
 * @internal
 */
export function pooledRunner(knex: Knex): RunSql {
  const pool = poolOf(knex);
  return async <R>(sql: string, params: readonly unknown[]) => {
    const connection = await pool.acquireConnection();
    try {
      return (await connection.query(sql, params)).rows as R[];
    } finally {
      await pool.releaseConnection(connection);
    }
  };
}

/** Runs statements on one held connection while `isOpen()` says the transaction is still going. @internal */
export function connectionRunner(connection: PgConnection, isOpen: () => boolean): RunSql {
  return async <R>(sql: string, params: readonly unknown[]) => {
    if (!isOpen()) throw new Error('the transaction has already finished');
    return (await connection.query(sql, params)).rows as R[];
  };
}

/**
 * Runs `fn` so that all of its statements commit together or not at all: in a transaction of its
 * own on the pool, or inside the transaction a repository is already bound to.
 */
export type RunAtomically = <T>(fn: (sql: RunSql) => Promise<T>) => Promise<T>;

/** For a repository bound to one transaction's connection: its statements are atomic already. @internal */
export function alreadyAtomic(sql: RunSql): RunAtomically {
  return (fn) => fn(sql);
}
