import { PlanValidationError } from '../errors';

/** The longest range a summary covers, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;
/** The range a summary covers when none is given: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A range of UTC days, both ends included, as YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

function parseDay(value: unknown, field: string): number {
  if (typeof value !== 'string') throw new PlanValidationError(field, 'must be a date as YYYY-MM-DD');
  const match = ISO_DATE.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  // Date.UTC rolls 2026-02-30 over to March; a real date formats back to itself.
  if (!match || Number.isNaN(time) || formatDay(time) !== value)
    throw new PlanValidationError(
      field,
      `must be a date as YYYY-MM-DD, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  return time;
}

function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Checks a requested range and fills what is missing: `to` defaults to today (UTC), `from` to
 * 29 days before `to`. Throws `PlanValidationError` naming `from` or `to`.
 */
export function resolveDateRange(input: { from?: unknown; to?: unknown } = {}, now = new Date()): DateRange {
  const to =
    input.to === undefined
      ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
      : parseDay(input.to, 'to');
  const from =
    input.from === undefined ? to - (DEFAULT_RANGE_DAYS - 1) * DAY_MS : parseDay(input.from, 'from');
  if (from > to) throw new PlanValidationError('from', `must not be after to (${formatDay(to)})`);
  const days = (to - from) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS)
    throw new PlanValidationError('to', `the range must be at most ${MAX_RANGE_DAYS} days, got ${days}`);
  return { from: formatDay(from), to: formatDay(to) };
}
