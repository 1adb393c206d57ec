// The old backend's JSON body of each route, success and failure: the frontend reads these fields.
import type { HostileRequest } from './hostile-input';

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SUCCESS: Record<HostileRequest['route'], (body: Body) => boolean> = {
  generate: (b) =>
    isObject(b.plan) && typeof b.plan.plan_id === 'string' && typeof b.formatted_plan === 'string',
  confirm: (b) =>
    isObject(b.booking_status) &&
    b.payment_status === 'success' &&
    typeof b.confirmation_message === 'string',
  cancel: (b) =>
    isObject(b.booking_status) &&
    b.payment_status === 'success' &&
    typeof b.confirmation_message === 'string',
  list: (b) => Array.isArray(b.plans),
  plan: (b) => isObject(b.plan) && typeof b.plan.plan_id === 'string',
};

const FAILURE: Record<HostileRequest['route'], (body: Body) => boolean> = {
  generate: (b) => b.plan === null && b.formatted_plan === null,
  confirm: (b) =>
    b.booking_status === null && b.payment_status === 'failed' && typeof b.confirmation_message === 'string',
  cancel: (b) =>
    b.booking_status === null && b.payment_status === 'failed' && typeof b.confirmation_message === 'string',
  list: (b) => Array.isArray(b.plans) && b.plans.length === 0,
  plan: (b) => b.plan === null,
};

/**
 * Why `body` is not the legacy body of `route` for HTTP `status`, or undefined when it is. Every
 * answer has its route's shape, including the refusal of a URL the router cannot decode.
 */
export function legacyShapeProblem(
  route: HostileRequest['route'],
  status: number,
  body: unknown,
): string | undefined {
  if (!isObject(body)) return 'the body is not a JSON object';
  if (status === 200) {
    if (body.status !== 'success' || body.error !== null || !SUCCESS[route](body))
      return `not a ${route} success body`;
    return undefined;
  }
  if (body.status !== 'error' || typeof body.error !== 'string' || typeof body.code !== 'string') {
    return 'not an error body {status: "error", error, code}';
  }
  if (!FAILURE[route](body)) return `not a ${route} error body`;
  return undefined;
}
