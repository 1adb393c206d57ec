// Sharing with the cache on: "shared with me" is cached per grantee, grants, revocations and plan
// changes drop the views they change, and a grantee's access is never decided by a cache hit.
import type { PlanStore } from '@travel-planner/plan-store';
import { PlanOwnershipError } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWallet } from '../../../test/support';
import { cachedRead, createCachedTestStore, planInput } from './helpers';

describe('plan cache with sharing', () => {
  let store: PlanStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await createCachedTestStore());
  });
  afterAll(() => close?.());

  const sharedIds = async (wallet: string) =>
    (await store.shares.listSharedWith(wallet)).plans.map((shared) => shared.plan.id);

  it('refuses a revoked grantee on the very next request, with the plan and its shared view cached', async () => {
    const [owner, grantee] = [randomWallet(), randomWallet()];
    const plan = await store.plans.create(planInput({ userWallet: owner }));
    await store.shares.share({ planId: plan.id, userWallet: owner, granteeWallet: grantee, role: 'viewer' });
    expect((await store.plans.get(plan.id, { userWallet: grantee }))?.id).toBe(plan.id);
    const shared = await cachedRead(store, () => store.shares.listSharedWith(grantee));
    expect(shared.plans.map((entry) => [entry.plan.id, entry.role])).toEqual([[plan.id, 'viewer']]);
    expect(shared.plans[0]?.sharedAt).toBeInstanceOf(Date);
    await cachedRead(store, () => store.plans.get(plan.id, { userWallet: owner }));

    await store.shares.unshare({ planId: plan.id, userWallet: owner, granteeWallet: grantee });

    await expect(store.plans.get(plan.id, { userWallet: grantee })).rejects.toBeInstanceOf(
      PlanOwnershipError,
    );
    expect(await sharedIds(grantee)).toEqual([]);
    // The owner still reads it, and a wallet never granted is refused although the row is cached.
    expect((await cachedRead(store, () => store.plans.get(plan.id, { userWallet: owner })))?.id).toBe(
      plan.id,
    );
    await expect(store.plans.get(plan.id, { userWallet: randomWallet() })).rejects.toBeInstanceOf(
      PlanOwnershipError,
    );
  });

  it('shows a grant and a role change in the grantee view at once', async () => {
    const [owner, grantee] = [randomWallet(), randomWallet()];
    const plan = await store.plans.create(planInput({ userWallet: owner }));
    await cachedRead(store, () => store.shares.listSharedWith(grantee));
    await store.shares.share({ planId: plan.id, userWallet: owner, granteeWallet: grantee, role: 'viewer' });
    expect(await sharedIds(grantee)).toEqual([plan.id]);
    await cachedRead(store, () => store.shares.listSharedWith(grantee));
    await store.shares.share({ planId: plan.id, userWallet: owner, granteeWallet: grantee, role: 'editor' });
    expect((await store.shares.listSharedWith(grantee)).plans[0]?.role).toBe('editor');
  });

  it('shows edits, status changes and deletes at once in every grantee view and the owner list', async () => {
    const [owner, first, second] = [randomWallet(), randomWallet(), randomWallet()];
    const plan = await store.plans.create(planInput({ userWallet: owner }));
    for (const grantee of [first, second])
      await store.shares.share({
        planId: plan.id,
        userWallet: owner,
        granteeWallet: grantee,
        role: 'editor',
      });
    const warm = async () => {
      for (const grantee of [first, second])
        await cachedRead(store, () => store.shares.listSharedWith(grantee));
      await cachedRead(store, () => store.plans.listByWallet(owner));
      await cachedRead(store, () => store.plans.get(plan.id));
    };
    const seenBy = async (wallet: string) => (await store.shares.listSharedWith(wallet)).plans[0]?.plan;

    await warm();
    const edited = await store.plans.update(plan.id, {
      userWallet: first,
      expectedVersion: plan.version,
      destination: 'Lisbon',
    });
    for (const grantee of [first, second]) expect((await seenBy(grantee))?.destination).toBe('Lisbon');
    expect((await store.plans.listByWallet(owner)).plans[0]?.destination).toBe('Lisbon');
    expect((await store.plans.get(plan.id))?.version).toBe(edited.version);

    await warm();
    await store.plans.confirm(plan.id, { userWallet: owner });
    for (const grantee of [first, second]) expect((await seenBy(grantee))?.status).toBe('confirmed');

    await warm();
    await store.plans.updatePlanData(plan.id, { rev: 7 });
    for (const grantee of [first, second]) expect((await seenBy(grantee))?.planData).toEqual({ rev: 7 });

    await warm();
    await store.plans.delete(plan.id);
    for (const grantee of [first, second]) expect(await sharedIds(grantee)).toEqual([]);
    expect((await store.plans.listByWallet(owner)).plans).toEqual([]);
    expect(await store.plans.get(plan.id)).toBeUndefined();
  });

  it('invalidates after a transaction commits that edits a shared plan and revokes a grant', async () => {
    const [owner, kept, revoked] = [randomWallet(), randomWallet(), randomWallet()];
    const plan = await store.plans.create(planInput({ userWallet: owner }));
    for (const grantee of [kept, revoked])
      await store.shares.share({
        planId: plan.id,
        userWallet: owner,
        granteeWallet: grantee,
        role: 'viewer',
      });
    for (const grantee of [kept, revoked])
      await cachedRead(store, () => store.shares.listSharedWith(grantee));

    await store.transaction(async (tx) => {
      await tx.plans.update(plan.id, {
        userWallet: owner,
        expectedVersion: plan.version,
        destination: 'Oslo',
      });
      await tx.shares.unshare({ planId: plan.id, userWallet: owner, granteeWallet: revoked });
    });

    expect((await store.shares.listSharedWith(kept)).plans[0]?.plan.destination).toBe('Oslo');
    expect(await sharedIds(revoked)).toEqual([]);
    await expect(store.plans.get(plan.id, { userWallet: revoked })).rejects.toBeInstanceOf(
      PlanOwnershipError,
    );
  });
});
