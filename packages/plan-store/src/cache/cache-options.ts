import { PlanStoreConfigError } from '../errors';

/** The Redis cache of {@link PlanStoreOptions.cache}. */
export interface PlanCacheOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Env `REDIS_URL`. */
  url: string;
  /** Prefix of every key, so that several stores or tests can share one Redis. Default `plan-store:`. */
  keyPrefix?: string;
  /** Backstop expiry of cached values in seconds; invalidation does not depend on it. Default 60. */
  ttlSeconds?: number;
  /** The longest a request waits for Redis before it is served from PostgreSQL, in ms. Default 50. */
  timeoutMs?: number;
  /** After `failureThreshold` consecutive Redis failures (default 3), stop asking Redis for `openMs` (default 1000). */
  breaker?: { failureThreshold?: number; openMs?: number };
  /**
   * FOR TESTS ONLY. `false` fills the cache the classic, unsafe way (no version check), so that a
   * test can show the stale reads the protection prevents. Default `true`.
   */
  raceProtection?: boolean;
  /**
   * FOR TESTS ONLY. Awaited between a miss's database read and its cache fill, to widen the window
   * in which a write can race the fill.
   */
  beforeFill?: () => Promise<void>;
}

/** {@link PlanCacheOptions} with every default applied. @internal */
export type ResolvedCacheOptions = Required<Omit<PlanCacheOptions, 'beforeFill' | 'breaker'>> &
  Pick<PlanCacheOptions, 'beforeFill'> & { breaker: { failureThreshold: number; openMs: number } };

/** The defaults of {@link PlanCacheOptions}. */
export const CACHE_DEFAULTS = Object.freeze({
  keyPrefix: 'plan-store:',
  ttlSeconds: 60,
  timeoutMs: 50,
  breaker: Object.freeze({ failureThreshold: 3, openMs: 1000 }),
});

function positive(value: number, setting: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new PlanStoreConfigError(setting, 'must be a whole number of at least 1');
  return value;
}

/** Applies defaults and checks the cache options; errors name the setting, never its value. @internal */
export function resolveCacheOptions(input: PlanCacheOptions): ResolvedCacheOptions {
  let protocol: string;
  try {
    protocol = new URL(input.url).protocol;
  } catch {
    throw new PlanStoreConfigError('REDIS_URL', 'is not a valid URL');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new PlanStoreConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  return {
    url: input.url,
    keyPrefix: input.keyPrefix ?? CACHE_DEFAULTS.keyPrefix,
    ttlSeconds: positive(input.ttlSeconds ?? CACHE_DEFAULTS.ttlSeconds, 'cache.ttlSeconds'),
    timeoutMs: positive(input.timeoutMs ?? CACHE_DEFAULTS.timeoutMs, 'cache.timeoutMs'),
    breaker: {
      failureThreshold: positive(
        input.breaker?.failureThreshold ?? CACHE_DEFAULTS.breaker.failureThreshold,
        'cache.breaker.failureThreshold',
      ),
      openMs: positive(input.breaker?.openMs ?? CACHE_DEFAULTS.breaker.openMs, 'cache.breaker.openMs'),
    },
    raceProtection: input.raceProtection ?? true,
    ...(input.beforeFill ? { beforeFill: input.beforeFill } : {}),
  };
}
