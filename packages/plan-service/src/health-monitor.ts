import type { PlanStore } from '@travel-planner/plan-store';
import type { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { CACHE_HEALTH_SERVICE } from './cache-health-name';

/** The fully qualified name of the service, as health checks and reflection know it. */
export const PLAN_SERVICE_NAME = 'travel.plan.v1.PlanService';

// '' is the whole server (grpc.health.v1 convention); both follow the database.
const HEALTH_SERVICES = ['', PLAN_SERVICE_NAME] as const;
// Bounded so that a dead database turns NOT_SERVING within about interval + this.
const CHECK_TIMEOUT_MS = 1000;

/** Keeps the gRPC health status in step with the database. */
export interface HealthMonitor {
  /** Runs the first check, then one every interval until {@link HealthMonitor.stop}. */
  start(): Promise<void>;
  /** Stops checking and reports NOT_SERVING (the server is going away). */
  stop(): void;
  /** A call just found the database unavailable: report NOT_SERVING now, not at the next check. */
  markUnavailable(): void;
}

/** Creates a monitor that checks `store.health()` every `intervalMs` (timer unref'd) and sets `health`. */
export function createHealthMonitor(options: {
  store: PlanStore;
  health: HealthImplementation;
  intervalMs: number;
  logger: Logger;
  onChange(serving: boolean): void;
}): HealthMonitor {
  const { store, health, intervalMs, logger, onChange } = options;
  let serving: boolean | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  function set(next: boolean, reason?: { code: string; message: string }) {
    if (next === serving) return;
    serving = next;
    const status = next ? 'SERVING' : 'NOT_SERVING';
    for (const service of HEALTH_SERVICES) health.setStatus(service, status);
    onChange(next);
    logger.info({ health: status, ...(reason ? { reason: reason.code } : {}) }, 'health status changed');
  }

  let cacheOk: boolean | undefined;
  function setCache(next: boolean) {
    if (next === cacheOk) return;
    cacheOk = next;
    health.setStatus(CACHE_HEALTH_SERVICE, next ? 'SERVING' : 'NOT_SERVING');
    logger.info({ cache: next ? 'ok' : 'degraded' }, 'cache status changed');
  }

  async function check() {
    const result = await store.health({ timeoutMs: CHECK_TIMEOUT_MS });
    // A check that finished after stop() must not report SERVING for a server that is going away.
    if (stopped) return;
    set(result.ok, result.error);
    // The cache has its own name: a degraded cache slows nothing down enough to stop serving.
    if (result.cache) setCache(result.cache.state === 'ok');
  }

  function schedule() {
    if (stopped) return;
    // A chain of timeouts rather than an interval: a slow check never overlaps the next one.
    timer = setTimeout(() => void check().finally(schedule), intervalMs);
    timer.unref();
  }

  return {
    async start() {
      await check();
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      set(false);
    },
    markUnavailable() {
      if (!stopped)
        set(false, { code: 'STORE_UNAVAILABLE', message: 'a call found the database unavailable' });
    },
  };
}
