import type { Knex } from 'knex';
import type { PlanCacheHealth } from './cache/plan-cache';
import { type PoolStats, poolStats } from './pool';
import { toStoreError } from './to-store-error';

/** Result of `store.health()`. */
export interface StoreHealth {
  /** `true` when the database answered `SELECT 1` in time. */
  ok: boolean;
  /** Round trip of the check, including waiting for a connection. */
  latencyMs: number;
  /** The pool when the check was asked for. */
  pool: PoolStats;
  /** Why the check failed (a `PlanStoreError` code and message), when it did. */
  error?: { code: string; message: string };
  /** The Redis cache, when the store has one. A degraded cache never makes `ok` false: reads go to PostgreSQL. */
  cache?: PlanCacheHealth;
}

/** Runs `SELECT 1` bounded by `timeoutMs`; never throws. @internal */
export async function checkHealth(knex: Knex, timeoutMs: number): Promise<StoreHealth> {
  // The pool as the caller found it, before this check takes a connection of its own.
  const pool = poolStats(knex);
  const started = performance.now();
  try {
    await knex.raw('select 1').timeout(timeoutMs);
    return { ok: true, latencyMs: performance.now() - started, pool };
  } catch (err) {
    const storeError = toStoreError(err);
    return {
      ok: false,
      latencyMs: performance.now() - started,
      pool,
      error: { code: storeError.code, message: storeError.message },
    };
  }
}
