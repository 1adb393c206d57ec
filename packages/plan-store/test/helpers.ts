import type { CreatePlanInput, PlanStore, PlanStoreOptionsInput } from '@travel-planner/plan-store';
import { createPlanStore } from '@travel-planner/plan-store';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

export const WALLET_A = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
export const WALLET_B = '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359';
/** WALLET_A with its EIP-55 checksum. */
export const WALLET_A_CHECKSUMMED = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

/** A store over a fresh migrated database of this file's own, with a small pool. */
export async function createTestStore(
  options: PlanStoreOptionsInput & { empty?: boolean } = {},
): Promise<{ store: PlanStore; db: TestDatabase; close(): Promise<void> }> {
  const { empty, ...storeOptions } = options;
  const db = await createTestDatabase({ empty });
  const store = createPlanStore({
    databaseUrl: db.url,
    directUrl: db.directUrl,
    logger: { warn() {} },
    ...storeOptions,
    pool: { size: 0, maxOverflow: 5, ...storeOptions.pool },
  });
  return {
    store,
    db,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

/** A valid create input, overridable field by field. */
export function planInput(overrides: Partial<CreatePlanInput> = {}): CreatePlanInput {
  return {
    userWallet: WALLET_A,
    destination: 'Paris',
    budget: 2000,
    planData: {
      flights: [],
      hotels: [],
      activities: ['Louvre'],
      total_cost: 100,
      platform_fee: 2,
      grand_total: 102,
    },
    ...overrides,
  };
}

/** Inserts `count` plans for a wallet, one after another (distinct created_at). */
export async function insertPlans(store: PlanStore, count: number, overrides: Partial<CreatePlanInput> = {}) {
  const plans = [];
  for (let i = 0; i < count; i++)
    plans.push(await store.plans.create(planInput({ destination: `City ${i}`, ...overrides })));
  return plans;
}
