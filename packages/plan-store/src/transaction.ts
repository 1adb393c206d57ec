import type { Knex } from 'knex';
import { alreadyAtomic, connectionRunner, poolOf, type RunSql } from './plans/sql-executor';
import { createRepositories, type Repositories } from './repositories';
import { primaryOnly, type ReadRouting } from './routing/read-routing';
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
 * throws. The repositories it receives are bound to that transaction. The contract is
 * {@link runAtomically}'s.
 * @internal
 */
export function runTransaction<T>(
  knex: Knex,
  fn: (tx: PlanStoreTransaction) => Promise<T>,
  options: TransactionOptions = {},
  routing?: ReadRouting,
): Promise<T> {
  return runAtomically(
    knex,
    (sql, txRouting) => fn(createRepositories(sql, alreadyAtomic(sql), txRouting)),
    options,
    routing,
  );
}

/**
 * Runs `fn` with a way to send statements inside one transaction on one pooled connection. BEGIN
 * and the statement timeout travel in one round trip; knex's own transaction machinery is not
 * used because it cost more than the statements of a short transaction.
 *
 * The contract: whatever `fn` throws is rethrown unchanged, after the rollback (the repository's
 * own methods already throw `PlanStoreError`s). Only the transaction's own steps, taking a
 * connection, BEGIN and COMMIT, are turned into `PlanStoreError`s. Reads inside stay on this
 * connection; the wallets whose writes `fn` reports are passed to `routing` once committed.
 * @internal
 */
export async function runAtomically<T>(
  knex: Knex,
  fn: (sql: RunSql, routing: ReadRouting) => Promise<T>,
  { timeoutMs }: TransactionOptions = {},
  routing?: ReadRouting,
): Promise<T> {
  const pool = poolOf(knex);
  const connection = await pool.acquireConnection().catch((err: unknown) => {
    throw toStoreError(err);
  });
  let open = false;
  try {
    // An integer computed here; SET cannot take a bind parameter.
    await connection
      .query(
        timeoutMs === undefined
          ? 'begin'
          : `begin; set local statement_timeout = ${Math.max(1, Math.ceil(timeoutMs))}`,
      )
      .catch((err: unknown) => {
        throw toStoreError(err);
      });
    open = true;
    // Reads stay in the transaction; its writers' positions are recorded once it committed.
    const wrote: string[] = [];
    const sql = connectionRunner(connection, () => open);
    let result: T;
    try {
      result = await fn(
        sql,
        primaryOnly(sql, (wallets) => wrote.push(...wallets)),
      );
    } catch (err) {
      open = false;
      await connection.query('rollback').catch(() => {
        // A connection that cannot roll back must not serve anyone else: knex's pool discards
        // connections carrying this flag at their next checkout.
        connection.__knex__disposed = 'rollback failed';
      });
      throw err;
    }
    open = false;
    await connection.query('commit').catch((err: unknown) => {
      throw toStoreError(err);
    });
    await routing?.wrote(wrote);
    return result;
  } finally {
    await pool.releaseConnection(connection);
  }
}
