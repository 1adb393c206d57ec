// The gateway's REST calls, as the legacy frontend makes them.
import type { HttpClient, HttpResult } from './http-client';

/** Per-call extras. */
export interface CallExtras {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** POST /generate_plan. */
export function generatePlan(
  http: HttpClient,
  body: { destination: string; budget: number; user_wallet: string },
  extras: CallExtras = {},
): Promise<HttpResult> {
  return http.call({ method: 'POST', path: '/generate_plan', body, ...extras });
}

/** POST /confirm_plan or /cancel_plan. */
export function changePlan(
  http: HttpClient,
  action: 'confirm' | 'cancel',
  body: { plan_id: string; user_wallet: string },
  extras: CallExtras = {},
): Promise<HttpResult> {
  return http.call({ method: 'POST', path: `/${action}_plan`, body, ...extras });
}

/** GET /get_user_plans/:wallet. */
export function listPlans(http: HttpClient, wallet: string, extras: CallExtras = {}): Promise<HttpResult> {
  return http.call({ method: 'GET', path: `/get_user_plans/${wallet}`, ...extras });
}

/** GET /plans/:id, with `?user_wallet=` when a wallet is given. */
/** One call of a client that alternates: even calls list the wallet's plans, odd ones generate a plan. */
export function listOrGenerate(
  http: HttpClient,
  wallet: string,
  n: number,
  trip: { destination: string; budget: number },
  extras: CallExtras = {},
): Promise<HttpResult> {
  return n % 2 === 0
    ? listPlans(http, wallet, extras)
    : generatePlan(http, { ...trip, user_wallet: wallet }, extras);
}

export function getPlan(
  http: HttpClient,
  planId: string,
  wallet?: string,
  extras: CallExtras = {},
): Promise<HttpResult> {
  const query = wallet === undefined ? '' : `?user_wallet=${wallet}`;
  return http.call({ method: 'GET', path: `/plans/${planId}${query}`, ...extras });
}

/** The plan id of a successful /generate_plan answer. */
export function planIdOf(result: HttpResult): string | undefined {
  const planId = (result.body as { plan?: { plan_id?: unknown } } | undefined)?.plan?.plan_id;
  return result.status === 200 && typeof planId === 'string' ? planId : undefined;
}

/** Creates a plan and returns its id; throws when the gateway does not answer 200. */
export async function createPlanFor(
  http: HttpClient,
  wallet: string,
  destination = 'Paris',
): Promise<string> {
  const result = await generatePlan(http, { destination, budget: 5000, user_wallet: wallet });
  const planId = planIdOf(result);
  if (planId === undefined) throw new Error(`generate_plan answered ${result.status}: ${result.text}`);
  return planId;
}
