// The reliability plan's latency bars ("fails within 1 s", "back within 5 s") are stated for an
// idle machine. On a busy one every call is slower, failures included, so each scenario measures
// what a healthy call costs in its own run, before its fault, and raises its bars by that much: a
// bar still tells a call that failed fast from one that waited for a timeout, without a margin
// picked by hand. The fault waits until enough healthy calls have been seen to measure that.
import { pollUntil } from '../../support';
import { percentile } from './report';

/** Healthy calls a baseline needs. */
export const HEALTHY_CALLS = 20;

/** Resolves once `healthyCalls()` reaches {@link HEALTHY_CALLS}; throws after `timeoutMs`. */
export async function awaitHealthyCalls(healthyCalls: () => number, timeoutMs = 60_000): Promise<void> {
  const met = await pollUntil(async () => healthyCalls() >= HEALTHY_CALLS || undefined, { timeoutMs });
  if (met === undefined) throw new Error(`fewer than ${HEALTHY_CALLS} healthy calls in ${timeoutMs} ms`);
}

/** The p99 of `latencies`, the successful calls before the fault; refuses to guess without enough. */
export function healthyLatencyMs(latencies: readonly number[]): number {
  if (latencies.length < HEALTHY_CALLS)
    throw new Error(`only ${latencies.length} healthy calls to measure a baseline`);
  return percentile(latencies, 99);
}
