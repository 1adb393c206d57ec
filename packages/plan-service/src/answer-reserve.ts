// How much of a call's deadline to keep for COMMIT and the answer's way back.

// Recent answers the estimate is taken from, and how long one counts as recent.
const WINDOW = 64;
const MAX_AGE_MS = 5_000;
// The share of recent answers that were at least as fast as the estimate.
const QUANTILE = 0.9;
// The measured part covers COMMIT and the service's own work up to the answer; the way back
// through the network and the caller's event loop is unseen here and taken as long again.
const WAY_BACK_FACTOR = 2;
// Every call asks for the reserve, once or twice: the sort behind it runs at most this often.
const REFRESH_MS = 25;

/**
 * The part of a deadline a call keeps for COMMIT and its answer: twice the 90th percentile of how
 * long the answers of the last 5 s took from the decision to commit until the response was handed
 * to grpc-js, and never less than `floorMs`. It grows when COMMITs or the process slow down under
 * load; answers older than 5 s no longer count, so it falls back to the floor when calls stop
 * committing (as they do while the reserve turns them all away).
 */
export class AnswerReserve {
  private readonly recent: Array<{ at: number; ms: number }> = [];
  private next = 0;
  private estimate = { at: Number.NEGATIVE_INFINITY, ms: 0 };

  /** @param floorMs the least kept; 0 turns the reserve off. */
  constructor(private readonly floorMs: number) {}

  /** Records how long one answer took from the decision to commit until it was sent. */
  record(ms: number, now = performance.now()): void {
    this.recent[this.next] = { at: now, ms };
    this.next = (this.next + 1) % WINDOW;
  }

  /** The time to keep, in milliseconds (an estimate at most 25 ms old). */
  ms(now = performance.now()): number {
    if (this.floorMs === 0) return 0;
    if (Math.abs(now - this.estimate.at) < REFRESH_MS) return this.estimate.ms;
    const sorted = this.recent
      .filter((answer) => now - answer.at <= MAX_AGE_MS)
      .map((answer) => answer.ms)
      .sort((a, b) => a - b);
    const quantile = sorted[Math.floor(sorted.length * QUANTILE)] ?? sorted.at(-1) ?? 0;
    this.estimate = { at: now, ms: Math.max(this.floorMs, WAY_BACK_FACTOR * quantile) };
    return this.estimate.ms;
  }
}
