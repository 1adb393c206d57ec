import type { Knex } from 'knex';
import { alreadyAtomic, connectionRunner, poolOf, type RunSql } from './plans/sql-executor';
import { createRepositories, type Repositories } from './repositories';
import { toStoreError } from './to-store-error';

/** What a transaction callback receives: the same repositories, bound to the transaction. */
export type PlanStoreTransaction = Repositories;

/** Options of `store.transaction`. */
export interface TransactionOptions {
  /**
   * The server cancels any statement of the transaction that runs longer than this
   * (`SET LOCAL statement_timeout`), and the call fails with `StoreTimeoutError`. Unlike a
   * client-side cancel it needs no second connection, so it works when the pool is exhausted.
   */
  timeoutMs?: number;
}

/**
 * Runs `fn` in one transaction on one pooled connection: commit when it resolves, rollback when it
 * throws. The repositories it receives are bound to that transaction.
 * @internal
 */
export function runTransaction<T>(
  knex: Knex,
  fn: (tx: PlanStoreTransaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return runAtomically(knex, (sql) => fn(createRepositories(sql, alreadyAtomic(sql))), options);
}

/**
 * Runs `fn` with a way to send statements inside one transaction on one pooled connection. BEGIN
 * and the statement timeout travel in one round trip; knex's own transaction machinery is not
 * used because it cost more than the statements of a short transaction.
 * @internal
 */
export async function runAtomically<T>(
  knex: Knex,
  fn: (sql: RunSql) => Promise<T>,
  { timeoutMs }: TransactionOptions = {},
): Promise<T> {
  const pool = poolOf(knex);
  let open = false;
  let connection: Awaited<ReturnType<typeof pool.acquireConnection>> | undefined;
  try {
    connection = await pool.acquireConnection();
    // An integer computed here; SET cannot take a bind parameter.
    await connection.query(
      timeoutMs === undefined
        ? 'begin'
        : `begin; set local statement_timeout = ${Math.max(1, Math.ceil(timeoutMs))}`,
    );
    open = true;
    const result = await fn(connectionRunner(connection, () => open));
    open = false;
    await connection.query('commit');
    return result;
  } catch (err) {
    if (open && connection) {
      open = false;
      await connection.query('rollback').catch(() => {
        // A connection that cannot roll back must not serve anyone else: knex's pool discards
        // connections carrying this flag at their next checkout.
        connection!.__knex__disposed = 'rollback failed';
      });
    }
    throw toStoreError(err);
  } finally {
    if (connection) await pool.releaseConnection(connection);
  }
}
