import type { PlanStore } from '@travel-planner/plan-store';
import type { Logger } from 'pino';
import { sanitizeCause } from '../log-cause';

/** A timer that deletes expired nonces and sessions. */
export interface ExpiredCleanup {
  start(): void;
  stop(): void;
}

/**
 * Deletes expired sign-in nonces and sessions every `intervalMs`. Every instance may run it: the
 * DELETEs are idempotent. A failure is logged and retried at the next tick.
 */
export function createExpiredCleanup(store: PlanStore, intervalMs: number, logger: Logger): ExpiredCleanup {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      const removed = await store.accounts.removeExpired();
      if (removed.nonces + removed.sessions > 0)
        logger.info(removed, 'expired sign-in nonces and sessions removed');
    } catch (err) {
      logger.warn({ cause: sanitizeCause(err) }, 'removing expired sessions failed');
    }
  };
  return {
    start() {
      timer ??= setInterval(() => void run(), intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
