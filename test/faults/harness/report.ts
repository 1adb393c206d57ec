// The figures each scenario prints: a titled two-column table, and latency percentiles.

/** The value at percentile `p` (0-100) of `values`, nearest-rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Milliseconds with one decimal, or seconds with two past 10 s. */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** Megabytes with one decimal. */
export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Prints `rows` under `title` as an aligned table. */
export function printTable(title: string, rows: ReadonlyArray<readonly [string, string | number]>): void {
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    [`── ${title}`, ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`)].join('\n'),
  );
}

/** How often each label occurs, in the order first seen. */
export function countBy(labels: Iterable<string | number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(String(label), (counts.get(String(label)) ?? 0) + 1);
  return counts;
}

/** The labels with their counts, e.g. `200×30 503×270`, or `none`. */
export function tally(labels: Iterable<string | number>): string {
  return [...countBy(labels)].map(([label, n]) => `${label}×${n}`).join(' ') || 'none';
}
