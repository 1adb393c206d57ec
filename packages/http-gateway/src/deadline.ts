import { REQUEST_TIMEOUT_HEADER } from './schemas';

/**
 * The deadline of one request in milliseconds: the gateway's default, tightened (never extended)
 * by a valid `X-Request-Timeout-Ms` header. The header was validated by the route schema
 * (coerced to an integer); anything else falls back to the default.
 */
export function requestDeadlineMs(headers: Record<string, unknown>, defaultMs: number): number {
  const asked = headers[REQUEST_TIMEOUT_HEADER];
  const value = typeof asked === 'number' ? asked : typeof asked === 'string' ? Number(asked) : Number.NaN;
  return Number.isInteger(value) && value > 0 ? Math.min(value, defaultMs) : defaultMs;
}

/**
 * The deadline the gateway gives plan-service for a request whose own deadline is `deadlineMs`:
 * shorter by `returnTripMs`, the time the answer needs to get from plan-service back to the
 * caller, so that an answer plan-service sends in time also reaches the caller in time. Never
 * below 1 ms.
 */
export function planServiceDeadlineMs(deadlineMs: number, returnTripMs: number): number {
  return Math.max(1, deadlineMs - returnTripMs);
}
