// The reliability plan's latency bars ("fails within 1 s", "back within 5 s") are stated for an
// idle machine. On a busy one every call is slower, failures included, so each scenario measures
// what a healthy call costs in its own run, before its fault, and raises its bars by that much: a
// bar still tells a call that failed fast from one that waited for a timeout, without a margin
// picked by hand.
import { percentile } from './report';

/** The p99 of `latencies`, the successful calls before the fault; refuses to guess without them. */
export function healthyLatencyMs(latencies: readonly number[]): number {
  if (latencies.length < 10) throw new Error(`only ${latencies.length} healthy calls to measure a baseline`);
  return percentile(latencies, 99);
}
