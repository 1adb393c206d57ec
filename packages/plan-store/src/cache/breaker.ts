/** Where a {@link Breaker} stands: `closed` lets calls through, `open` refuses them, `half-open` waits for one probe. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Options of {@link createBreaker}. */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe may test the dependency again, in ms. */
  openMs: number;
  /** Called on every state change. */
  onChange?(state: BreakerState, previous: BreakerState): void;
  /** The clock, replaceable in tests. Default `performance.now`. */
  now?(): number;
}

/**
 * A circuit breaker: after `failureThreshold` consecutive failures it opens and refuses calls for
 * `openMs`; then exactly one caller is handed the probe, whose outcome closes or reopens it.
 */
export interface Breaker {
  readonly state: BreakerState;
  /** `true` when calls may go through. */
  isClosed(): boolean;
  /** `true` for exactly one caller once the open period has passed: that caller probes and reports the outcome. */
  takeProbe(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
}

/** Creates a closed {@link Breaker}. */
export function createBreaker(options: BreakerOptions): Breaker {
  const now = options.now ?? (() => performance.now());
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;

  function move(next: BreakerState) {
    if (next === state) return;
    const previous = state;
    state = next;
    options.onChange?.(next, previous);
  }

  function open() {
    openedAt = now();
    move('open');
  }

  return {
    get state() {
      return state;
    },
    isClosed: () => state === 'closed',
    takeProbe() {
      if (state !== 'open' || now() - openedAt < options.openMs) return false;
      move('half-open');
      return true;
    },
    recordSuccess() {
      failures = 0;
      move('closed');
    },
    recordFailure() {
      failures += 1;
      // A failed probe reopens at once; a closed breaker tolerates a few stray errors.
      if (state === 'half-open' || (state === 'closed' && failures >= options.failureThreshold)) open();
    },
  };
}
