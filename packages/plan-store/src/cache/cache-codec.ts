import type { Plan } from '../plans/plan';
import type { PlanPage } from '../plans/plan-repository';
import type { SharedPlanPage } from '../sharing/share';

/** Turns a cached value into text and back. */
export interface CacheCodec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

type Stored<T> = Omit<T, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

// JSON carries the dates as ISO strings; both sides of the cache must hand out real Dates.
function revive(plan: Stored<Plan>): Plan {
  return { ...plan, createdAt: new Date(plan.createdAt), updatedAt: new Date(plan.updatedAt) };
}

/** A single plan. */
export const planCodec: CacheCodec<Plan> = {
  encode: (plan) => JSON.stringify(plan),
  decode: (text) => revive(JSON.parse(text) as Stored<Plan>),
};

/** A page of a listing. */
export const pageCodec: CacheCodec<PlanPage> = {
  encode: (page) => JSON.stringify(page),
  decode(text) {
    const page = JSON.parse(text) as { plans: Stored<Plan>[]; nextCursor?: string };
    return { ...page, plans: page.plans.map(revive) };
  },
};

/** A page of "shared with me". */
export const sharedPageCodec: CacheCodec<SharedPlanPage> = {
  encode: (page) => JSON.stringify(page),
  decode(text) {
    const page = JSON.parse(text) as {
      plans: Array<{ plan: Stored<Plan>; role: SharedPlanPage['plans'][number]['role']; sharedAt: string }>;
      nextCursor?: string;
    };
    return {
      ...page,
      plans: page.plans.map((shared) => ({
        ...shared,
        plan: revive(shared.plan),
        sharedAt: new Date(shared.sharedAt),
      })),
    };
  },
};
