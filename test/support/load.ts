// Closed-loop load (workers that each run one call after another until a time limit or an iteration
// limit, whichever comes first, so every loop stops by itself) and polling until a condition holds.

/** Limits of {@link runWorkers}; the first one reached ends a worker. */
export interface WorkerLimits {
  durationMs: number;
  /** Iterations per worker. */
  maxIterations: number;
  /** Checked before each iteration: true ends the worker early. */
  stopped?: () => boolean;
}

/** Runs `workers` loops of `step(worker, iteration)` until one of `limits` is reached. */
export async function runWorkers(
  workers: number,
  limits: WorkerLimits,
  step: (worker: number, iteration: number) => Promise<void>,
): Promise<void> {
  const end = Date.now() + limits.durationMs;
  const running = (iteration: number) =>
    iteration < limits.maxIterations && Date.now() < end && !(limits.stopped?.() ?? false);
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let iteration = 0; running(iteration); iteration++) {
        await step(worker, iteration);
      }
    }),
  );
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns a value other than undefined or `timeoutMs` passes. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() >= deadline) return value;
    await sleep(options.intervalMs ?? 50);
  }
}

/** One observation of a {@link startSampler} probe, stamped with `Date.now()` when it returned. */
export interface Sample<T> {
  at: number;
  value: T;
}

/**
 * Calls `probe` every `intervalMs` (one at a time) until `stop()` or `maxDurationMs`, recording what
 * it returned. `stop()` resolves with the samples once the probe in progress has returned.
 */
export function startSampler<T>(
  intervalMs: number,
  probe: () => Promise<T>,
  maxDurationMs = 120_000,
): { stop(): Promise<Sample<T>[]> } {
  const samples: Sample<T>[] = [];
  const end = Date.now() + maxDurationMs;
  let stopped = false;
  const loop = (async () => {
    while (!stopped && Date.now() < end) {
      const value = await probe();
      samples.push({ at: Date.now(), value });
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** Polls `check` every 20 ms until it returns true; returns the time taken, or throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  const met = await pollUntil(async () => (await check()) || undefined, { timeoutMs, intervalMs: 20 });
  if (met === undefined) throw new Error(`condition not met within ${timeoutMs} ms`);
  return performance.now() - started;
}
