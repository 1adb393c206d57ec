import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlanStore } from '@travel-planner/plan-store';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The metric names the service registers. */
export const METRIC_NAMES = Object.freeze({
  calls: 'plan_service_calls_total',
  callDuration: 'plan_service_call_duration_seconds',
  callsInFlight: 'plan_service_calls_in_flight',
  serving: 'plan_service_serving',
  poolConnections: 'plan_service_db_pool_connections',
  cacheReads: 'plan_service_cache_reads_total',
  cacheStaleFillsRefused: 'plan_service_cache_stale_fills_refused_total',
  cacheFailedInvalidations: 'plan_service_cache_failed_invalidations_total',
  cacheUp: 'plan_service_cache_up',
});

// How each cached read ended; see PlanCacheStats.
const CACHE_RESULTS = { hit: 'hits', miss: 'misses', bypass: 'bypasses', error: 'errors' } as const;

// Call latency is dominated by one or two PostgreSQL round trips: 1 ms to 10 s (the default maxCallMs).
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const POOL_STATES = ['size', 'idle', 'busy', 'pending', 'max'] as const;
// A scrape must not hang on a dead database.
const POOL_SCRAPE_TIMEOUT_MS = 1000;

/** The service's instruments, registered on one registry. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Counts a call as started; the returned function records its end with the status name. */
  startCall(method: string): (code: string) => void;
  /** Exports the health status: 1 serving, 0 not. */
  setServing(serving: boolean): void;
}

/**
 * Registers the service's metrics on `registry`: calls by method and status, latency by method,
 * calls in flight, serving status, and the store's pool gauges (read from `store.health()` when
 * scraped). Throws if the registry already has them: use one registry per server.
 */
export function createServiceMetrics(registry: Registry, store: PlanStore): ServiceMetrics {
  const calls = new Counter({
    name: METRIC_NAMES.calls,
    help: 'gRPC calls handled, by method and status code name.',
    labelNames: ['method', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: METRIC_NAMES.callDuration,
    help: 'Time from receiving a gRPC call to answering it, by method.',
    labelNames: ['method'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: METRIC_NAMES.callsInFlight,
    help: 'gRPC calls received and not yet answered.',
    registers: [registry],
  });
  const serving = new Gauge({
    name: METRIC_NAMES.serving,
    help: '1 while the health check reports SERVING, else 0.',
    registers: [registry],
  });
  new Gauge({
    name: METRIC_NAMES.poolConnections,
    help: 'Database pool connections by state (size = idle + busy; pending = queries waiting; max = limit).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { pool } = await store.health({ timeoutMs: POOL_SCRAPE_TIMEOUT_MS });
      for (const state of POOL_STATES) this.set({ state }, pool[state]);
    },
  });

  if (store.cache) registerCacheMetrics(registry, store.cache);

  return {
    registry,
    startCall(method) {
      const started = performance.now();
      inFlight.inc();
      return (code) => {
        inFlight.dec();
        calls.inc({ method, code });
        duration.observe({ method }, (performance.now() - started) / 1000);
      };
    },
    setServing: (value) => serving.set(value ? 1 : 0),
  };
}

type StoreCache = NonNullable<PlanStore['cache']>;

/** A counter that follows a total kept elsewhere: each scrape adds what it grew by since the last. */
function mirroredCounter(counter: Counter, read: () => number, labels: Record<string, string> = {}) {
  let seen = 0;
  return () => {
    const now = read();
    if (now > seen) counter.inc(labels, now - seen);
    seen = now;
  };
}

// The store counts; the counters here copy those counts when scraped.
function registerCacheMetrics(registry: Registry, cache: StoreCache): void {
  const reads = new Counter({
    name: METRIC_NAMES.cacheReads,
    help: 'Reads that could use the Redis cache, by result: hit, miss (read from PostgreSQL, then cached), bypass (Redis skipped: down or breaker open), error (Redis failed or timed out: read from PostgreSQL).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      for (const sync of readSyncs) sync();
    },
  });
  const readSyncs = Object.entries(CACHE_RESULTS).map(([result, field]) =>
    mirroredCounter(reads, () => cache.stats()[field], { result }),
  );
  const refused = new Counter({
    name: METRIC_NAMES.cacheStaleFillsRefused,
    help: 'Cache fills refused because a write invalidated the entry after the reader read PostgreSQL.',
    registers: [registry],
    collect: () => syncRefused(),
  });
  const syncRefused = mirroredCounter(refused, () => cache.stats().staleFillsRefused);
  const lost = new Counter({
    name: METRIC_NAMES.cacheFailedInvalidations,
    help: 'Invalidations that could not reach Redis; the whole cache is reset before it serves again.',
    registers: [registry],
    collect: () => syncLost(),
  });
  const syncLost = mirroredCounter(lost, () => cache.stats().failedInvalidations);
  new Gauge({
    name: METRIC_NAMES.cacheUp,
    help: '1 while the Redis cache works, 0 while it is degraded and reads go to PostgreSQL.',
    registers: [registry],
    collect() {
      this.set(cache.health().state === 'ok' ? 1 : 0);
    },
  });
}

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** The bound port (useful when 0 was asked for). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `registry` as Prometheus text on `GET /metrics` at `host:port` (port 0: any free port).
 * Every other path is 404.
 */
export async function startMetricsServer(options: {
  registry: Registry;
  port: number;
  host?: string;
}): Promise<MetricsServer> {
  const { registry, port, host = '127.0.0.1' } = options;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
