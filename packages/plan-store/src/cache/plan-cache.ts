import { randomBytes } from 'node:crypto';
import type { StoreLogger } from '../options';
import { type Breaker, createBreaker } from './breaker';
import type { CacheCodec } from './cache-codec';
import type { CacheEntry, CacheKeys } from './cache-keys';
import type { ResolvedCacheOptions } from './cache-options';
import { FILL, FILL_UNGUARDED, READ } from './cache-scripts';
import { createRedisLink, type RedisLink, RedisTimeoutError } from './redis-link';

/** Counts since the store was created; each read is exactly one of hit, miss, bypass or error. */
export interface PlanCacheStats {
  /** Answered from Redis. */
  hits: number;
  /** Not in Redis (or outdated): read from PostgreSQL, then filled. */
  misses: number;
  /** Redis not asked (breaker open or not connected): read from PostgreSQL. */
  bypasses: number;
  /** Redis asked and failed or timed out: read from PostgreSQL. */
  errors: number;
  /** Fills refused because a write invalidated the entry after the reader's database read. */
  staleFillsRefused: number;
  /** Invalidations that could not reach Redis; the whole cache is reset before it is used again. */
  failedInvalidations: number;
}

/** How the cache is doing: `ok`, or `degraded` (requests are served from PostgreSQL alone). */
export interface PlanCacheHealth {
  state: 'ok' | 'degraded';
  /** Why it is degraded: not connected yet, too many recent failures, or an owed reset is not done yet. */
  reason?: 'connecting' | 'breaker_open' | 'resetting';
}

/** What a write changed: the cache entries that depend on it are dropped. */
export interface InvalidationTargets {
  planIds?: readonly string[];
  /** Stored (lowercase) wallets whose listings changed. */
  wallets?: readonly string[];
  /** Drop every entry (what changed could not be told). */
  everything?: boolean;
}

/** The Redis look-aside cache behind the store's reads. @internal */
export interface PlanCache {
  /** Answers from Redis when it holds a current value, else from `load` (then fills Redis). Never fails because of Redis. */
  readThrough<T>(
    entry: CacheEntry,
    codec: CacheCodec<T>,
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined>;
  /** Drops what depends on `targets`; call after the write committed. Never fails because of Redis. */
  invalidate(targets: InvalidationTargets): Promise<void>;
  stats(): PlanCacheStats;
  health(): PlanCacheHealth;
  /** Waits for fills in flight, then disconnects. */
  close(): Promise<void>;
}

const token = () => randomBytes(9).toString('base64url');

/**
 * Creates the cache. Correctness rests on three rules: a write deletes the version tokens of what
 * it changed after commit; a fill succeeds only while the tokens the reader saw before its
 * database read are still there; and when an invalidation may have been lost (Redis unreachable,
 * or a connection was lost and Redis may have restarted from an old snapshot), the generation
 * token is deleted before the cache serves anything again, which outdates every entry at once.
 * @internal
 */
export function createPlanCache(
  options: ResolvedCacheOptions,
  keys: CacheKeys,
  logger: StoreLogger,
): PlanCache {
  const stats: PlanCacheStats = {
    hits: 0,
    misses: 0,
    bypasses: 0,
    errors: 0,
    staleFillsRefused: 0,
    failedInvalidations: 0,
  };
  const ttlMs = String(options.ttlSeconds * 1000);
  // Versions outlive values so that a value rarely outlives its version and misses for that reason.
  const versionTtlMs = String(options.ttlSeconds * 2000);
  // A reset is owed while lostEpoch > resetEpoch: the count of possibly lost invalidations only grows,
  // so one lost while a reset is already in flight is not forgotten by that reset.
  let lostEpoch = 0;
  let resetEpoch = 0;
  let resetting: Promise<void> | undefined;
  const fills = new Set<Promise<void>>();

  const breaker: Breaker = createBreaker({
    failureThreshold: options.breaker.failureThreshold,
    openMs: options.breaker.openMs,
    onChange(state, previous) {
      // One line per outage: a failed probe (half-open → open) is not news.
      if (state === 'open' && previous === 'closed')
        logger.warn('plan cache: Redis is not answering; reads go to PostgreSQL');
      if (state === 'closed') logger.warn('plan cache: Redis answers again; caching resumed');
    },
  });
  const link: RedisLink = createRedisLink({
    url: options.url,
    commandTimeoutMs: options.timeoutMs,
    // The server may have restarted, possibly from a snapshot older than our last invalidations.
    onReconnect: () => {
      lostEpoch += 1;
    },
  });

  async function probe() {
    try {
      try {
        await link.ping();
      } catch (err) {
        // A connection that does not answer even a PING may be dead without knowing it: replace
        // it (the new connection resets the generation) and try once more. A connection that
        // answers is kept: replacing it on every slow moment would empty the cache each time.
        if (!(err instanceof RedisTimeoutError)) throw err;
        link.renew();
        await link.ping();
      }
      await resetIfOwed();
      breaker.recordSuccess();
    } catch {
      breaker.recordFailure();
    }
  }

  /** `true` when Redis may be asked now; may start the breaker's probe in the background. */
  function usable(): boolean {
    if (breaker.isClosed()) return link.ready;
    if (breaker.takeProbe()) void probe();
    return false;
  }

  async function resetIfOwed(): Promise<void> {
    while (lostEpoch > resetEpoch) {
      const target = lostEpoch;
      // Concurrent readers share one DEL; the loop runs again if more was lost meanwhile.
      resetting ??= link
        .del([keys.generation])
        .finally(() => {
          resetting = undefined;
        })
        .then(() => {
          resetEpoch = Math.max(resetEpoch, target);
        });
      await resetting;
    }
  }

  async function fill(entry: CacheEntry, generation: string, version: string, payload: string) {
    try {
      await options.beforeFill?.();
      const script = options.raceProtection ? FILL : FILL_UNGUARDED;
      const stored = await link.run(
        script,
        [keys.generation, entry.versionKey, entry.dataKey],
        [generation, version, payload, ttlMs, versionTtlMs],
      );
      if (stored === 0) stats.staleFillsRefused += 1;
    } catch {
      breaker.recordFailure();
    }
  }

  return {
    async readThrough(entry, codec, load) {
      if (!usable()) {
        stats.bypasses += 1;
        return load();
      }
      let reply: string[];
      try {
        await resetIfOwed();
        reply = (await link.run(
          READ,
          [keys.generation, entry.versionKey, entry.dataKey],
          [token(), token(), versionTtlMs],
        )) as string[];
        breaker.recordSuccess();
      } catch {
        stats.errors += 1;
        breaker.recordFailure();
        return load();
      }
      const [generation, version, cached] = reply as [string, string, string | undefined];
      if (cached !== undefined) {
        try {
          const value = codec.decode(cached);
          stats.hits += 1;
          return value;
        } catch {
          // An unreadable entry (e.g. written by an incompatible version) is not an answer.
          stats.errors += 1;
          return load();
        }
      }
      stats.misses += 1;
      const value = await load();
      // Nothing is cached for an absent plan: creating it needs no invalidation then.
      if (value !== undefined) {
        const pending = fill(entry, generation, version, codec.encode(value));
        fills.add(pending);
        void pending.finally(() => fills.delete(pending));
      }
      return value;
    },

    async invalidate({ planIds = [], wallets = [], everything = false }) {
      const doomed = [
        ...(everything ? [keys.generation] : []),
        ...planIds.flatMap((id) => [keys.planVersion(id), keys.planData(id)]),
        ...wallets.map((wallet) => keys.walletVersion(wallet)),
      ];
      if (doomed.length === 0) return;
      // Tried even while the breaker keeps reads away from Redis: another store sharing this Redis
      // may be reading from it, and a refused read (Redis full, say) says nothing about a DEL.
      if (link.ready) {
        try {
          await link.del(doomed);
          if (breaker.isClosed()) breaker.recordSuccess();
          return;
        } catch (err) {
          breaker.recordFailure();
          // A DEL that timed out is still queued on the connection, and Redis runs one
          // connection's commands in order: it lands before any later read of this store. If the
          // connection is lost or replaced instead, the reconnection resets the generation.
          if (err instanceof RedisTimeoutError) return;
        }
      }
      // Not sent: nothing may be served from Redis until the whole cache has been reset.
      stats.failedInvalidations += 1;
      lostEpoch += 1;
    },

    stats: () => ({ ...stats }),

    health() {
      // A health check also moves recovery along, so the cache resumes without waiting for a read.
      if (usable() && lostEpoch > resetEpoch) resetIfOwed().catch(() => breaker.recordFailure());
      if (!breaker.isClosed()) return { state: 'degraded', reason: 'breaker_open' };
      if (!link.ready) return { state: 'degraded', reason: 'connecting' };
      if (lostEpoch > resetEpoch) return { state: 'degraded', reason: 'resetting' };
      return { state: 'ok' };
    },

    async close() {
      await Promise.allSettled(fills);
      await link.close();
    },
  };
}
