// A Jepsen-style set checker (jepsen.checker/set): clients record every attempt to add an element;
// after the run the stored rows are read once and compared with what was acknowledged. Elements
// are idempotency keys: every attempt of one logical add carries the same key, so a retry after an
// ambiguous failure is the same element, not a new one.

/** How one attempt ended, as its client saw it. */
export type AttemptOutcome = 'ok' | 'fail' | 'timeout';

/** One attempt of one client. */
export interface Attempt {
  requestId: string;
  idempotencyKey: string;
  outcome: AttemptOutcome;
  /** The plan id the server acknowledged, for `ok` attempts. */
  planId?: string;
}

/** One row of the final read. */
export interface StoredRow {
  planId: string;
  /** The key the row was created with, or null for a row created without one. */
  idempotencyKey: string | null;
}

/** The checker's verdict, with the elements behind each count for diagnosis. */
export interface SetCheck {
  /** Distinct keys attempted at least once. */
  attempted: number;
  /** Keys with at least one `ok` attempt: promises the system made. */
  acknowledged: number;
  /** Attempted keys present in the final read. */
  found: number;
  /** Acknowledged keys whose acknowledged plan is not in the final read. */
  lost: string[];
  /** Rows in the final read that no attempt asked for. */
  unexpected: string[];
  /** Keys found although no attempt was acknowledged (the commit happened, the answer got lost). */
  recovered: string[];
  /** Keys stored more than once, or acknowledged with two different plan ids. */
  duplicates: string[];
  /** Attempts that ended `fail` or `timeout`. */
  failedAttempts: number;
  timedOutAttempts: number;
  /** Request ids used by more than one attempt (a harness error, never expected). */
  reusedRequestIds: number;
}

/** Compares a history of attempts with the rows read after the run. */
export function checkSet(history: readonly Attempt[], rows: readonly StoredRow[]): SetCheck {
  const acknowledgedPlans = new Map<string, Set<string>>();
  const attemptedKeys = new Set<string>();
  const requestIds = new Set<string>();
  let reusedRequestIds = 0;
  for (const attempt of history) {
    attemptedKeys.add(attempt.idempotencyKey);
    if (requestIds.has(attempt.requestId)) reusedRequestIds++;
    requestIds.add(attempt.requestId);
    if (attempt.outcome === 'ok') {
      const plans = acknowledgedPlans.get(attempt.idempotencyKey) ?? new Set<string>();
      if (attempt.planId !== undefined) plans.add(attempt.planId);
      acknowledgedPlans.set(attempt.idempotencyKey, plans);
    }
  }

  const storedPlans = new Map<string, string[]>();
  const unexpected: string[] = [];
  for (const row of rows) {
    if (row.idempotencyKey === null || !attemptedKeys.has(row.idempotencyKey)) {
      unexpected.push(row.planId);
      continue;
    }
    storedPlans.set(row.idempotencyKey, [...(storedPlans.get(row.idempotencyKey) ?? []), row.planId]);
  }

  const lost: string[] = [];
  const duplicates = new Set<string>();
  for (const [key, plans] of acknowledgedPlans) {
    const stored = storedPlans.get(key) ?? [];
    if (plans.size > 1) duplicates.add(key);
    if (plans.size === 0 || [...plans].some((planId) => !stored.includes(planId))) lost.push(key);
  }
  for (const [key, stored] of storedPlans) if (stored.length > 1) duplicates.add(key);

  return {
    attempted: attemptedKeys.size,
    acknowledged: acknowledgedPlans.size,
    found: storedPlans.size,
    lost,
    unexpected,
    recovered: [...storedPlans.keys()].filter((key) => !acknowledgedPlans.has(key)),
    duplicates: [...duplicates],
    failedAttempts: history.filter((attempt) => attempt.outcome === 'fail').length,
    timedOutAttempts: history.filter((attempt) => attempt.outcome === 'timeout').length,
    reusedRequestIds,
  };
}

/** The counts of a check, as rows for {@link formatTable}. */
export function setCheckRows(check: SetCheck): Array<[string, number]> {
  return [
    ['attempted', check.attempted],
    ['acknowledged', check.acknowledged],
    ['found', check.found],
    ['lost', check.lost.length],
    ['unexpected', check.unexpected.length],
    ['recovered', check.recovered.length],
    ['duplicates', check.duplicates.length],
    ['failed attempts', check.failedAttempts],
    ['timed-out attempts', check.timedOutAttempts],
  ];
}
