import type { PlanStore } from '@travel-planner/plan-store';
import type { Logger } from 'pino';

/** Folds the analytics changes into their rollups every `intervalMs`, one run at a time. */
export interface AnalyticsCompactor {
  start(): void;
  stop(): void;
}

/**
 * Runs `store.analytics.compact()` periodically. Figures are exact without it; it keeps the
 * pending changes few, so a summary stays fast. A failed run is logged in one line and retried at
 * the next tick.
 */
export function createAnalyticsCompactor(
  store: PlanStore,
  intervalMs: number,
  logger: Logger,
): AnalyticsCompactor {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await store.analytics.compact();
    } catch (err) {
      logger.warn(
        { code: (err as { code?: unknown }).code },
        'analytics compaction failed; retrying at the next tick',
      );
    } finally {
      running = false;
    }
  };
  return {
    start() {
      timer ??= setInterval(tick, intervalMs).unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
