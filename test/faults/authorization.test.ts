// Scenario 10: object-level authorization. Confirming, cancelling or reading another wallet's plan
// is a 403 and leaves the row untouched; the owner is recognised in lowercase, checksummed and
// all-uppercase form. With a token configured, plan-service refuses calls without the right one.
import { randomBytes } from 'node:crypto';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badChecksum,
  CHECKSUMMED_WALLETS,
  changePlan,
  createPlanFor,
  getPlan,
  type HttpResult,
  type PlanServiceProcess,
  randomWallet,
  runSeed,
  seededRandom,
  startPlanService,
} from '../support';
import { legacyShapeProblem } from './harness/legacy-shape';
import { printTable, tally } from './harness/report';
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const PLANS = 100;
const TOKEN_CALLS = 50;

describe('scenario 10: authorization', () => {
  let stack: ScenarioStack;

  beforeAll(async () => {
    stack = await startScenarioStack({ maxSockets: 32 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function rowsOf(planIds: readonly string[]) {
    return stack.db.query<{ id: string; status: string; updated_at: Date }>(
      'select id, status, updated_at from plans where id = any($1::uuid[]) order by id',
      [planIds],
    );
  }

  it('answers 403 for another wallet’s plan and changes nothing', async () => {
    const random = seededRandom(runSeed());
    const owners = Array.from({ length: PLANS }, () => randomWallet(random));
    const planIds = await Promise.all(owners.map((owner) => createPlanFor(stack.http, owner)));
    const before = await rowsOf(planIds);
    // Foreign wallets in every accepted form: random lowercase, checksummed, all-uppercase.
    const foreign = (i: number) =>
      [randomWallet(random), CHECKSUMMED_WALLETS[i % 4]!, `0x${randomWallet(random).slice(2).toUpperCase()}`][
        i % 3
      ]!;
    const attempts: Array<{ route: 'confirm' | 'cancel' | 'plan'; result: Promise<HttpResult> }> =
      planIds.flatMap((planId, i) => [
        {
          route: 'confirm' as const,
          result: changePlan(stack.http, 'confirm', { plan_id: planId, user_wallet: foreign(i) }),
        },
        {
          route: 'cancel' as const,
          result: changePlan(stack.http, 'cancel', { plan_id: planId, user_wallet: foreign(i + 1) }),
        },
        { route: 'plan' as const, result: getPlan(stack.http, planId, foreign(i + 2)) },
      ]);
    const results = await Promise.all(attempts.map((attempt) => attempt.result));
    const after = await rowsOf(planIds);
    const badShapes = results.filter(
      (r, i) => legacyShapeProblem(attempts[i]!.route, r.status, r.body) !== undefined,
    );
    printTable('scenario 10: foreign wallets on confirm, cancel and read', [
      ['(plan, foreign wallet) pairs', `${PLANS} plans × 3 operations = ${results.length}`],
      ['answers', tally(results.map((r) => r.status))],
      [
        'rows changed (status or updated_at)',
        after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i])).length,
      ],
      ['answers not in the legacy body shape', badShapes.length],
    ]);
    expect(results.every((r) => r.status === 403)).toBe(true);
    expect(after).toEqual(before);
    expect(badShapes).toEqual([]);
  });

  it('recognises the owner in lowercase, checksummed and uppercase form', async () => {
    const random = seededRandom(runSeed());
    const outcomes: Array<[string, number]> = [];
    let storedLowercaseAndCancelled = 0;
    for (const checksummed of CHECKSUMMED_WALLETS) {
      const lowercase = checksummed.toLowerCase();
      const uppercase = `0x${checksummed.slice(2).toUpperCase()}`;
      const planId = await createPlanFor(stack.http, checksummed);
      const steps: Array<[string, Promise<HttpResult>]> = [
        ['read, lowercase', getPlan(stack.http, planId, lowercase)],
        ['read, checksummed', getPlan(stack.http, planId, checksummed)],
        ['read, uppercase', getPlan(stack.http, planId, uppercase)],
        ['read, bad checksum', getPlan(stack.http, planId, badChecksum(checksummed, random))],
      ];
      for (const [name, result] of steps) outcomes.push([name, (await result).status]);
      outcomes.push([
        'confirm, checksummed',
        (await changePlan(stack.http, 'confirm', { plan_id: planId, user_wallet: checksummed })).status,
      ]);
      outcomes.push([
        'cancel, uppercase',
        (await changePlan(stack.http, 'cancel', { plan_id: planId, user_wallet: uppercase })).status,
      ]);
      const [row] = await stack.db.query<{ user_wallet: string; status: string }>(
        'select user_wallet, status from plans where id = $1',
        [planId],
      );
      if (row?.user_wallet === lowercase && row.status === 'cancelled') storedLowercaseAndCancelled++;
    }
    const byName = new Map<string, number[]>();
    for (const [name, status] of outcomes) byName.set(name, [...(byName.get(name) ?? []), status]);
    printTable('scenario 10: the owner in every form (4 EIP-55 test vectors)', [
      ...[...byName].map(([name, statuses]) => [name, tally(statuses)] as const),
      ['stored lowercase and cancelled', `${storedLowercaseAndCancelled}/${CHECKSUMMED_WALLETS.length}`],
    ]);
    for (const [name, status] of outcomes)
      expect([name, status]).toEqual([name, name.includes('bad checksum') ? 400 : 200]);
    expect(storedLowercaseAndCancelled).toBe(CHECKSUMMED_WALLETS.length);
  });

  describe('plan-service with a bearer token', () => {
    let secured: PlanServiceProcess;
    const token = randomBytes(24).toString('hex');

    beforeAll(async () => {
      secured = await startPlanService({ databaseUrl: stack.db.url, env: { PLAN_SERVICE_TOKEN: token } });
    });

    afterAll(async () => {
      await secured?.process.stop();
    });

    it('refuses calls without the right token with UNAUTHENTICATED', async () => {
      const wallet = randomWallet(seededRandom(runSeed()));
      const clients = {
        'no token': createPlanServiceClient({ address: secured.address }),
        'wrong token': createPlanServiceClient({ address: secured.address, token: `${token}x` }),
        'right token': createPlanServiceClient({ address: secured.address, token }),
      };
      try {
        const codes = Object.fromEntries(
          await Promise.all(
            Object.entries(clients).map(async ([name, client]) => {
              const calls = Array.from({ length: TOKEN_CALLS }, (_, i) =>
                (i % 2 === 0
                  ? client.listUserPlans({ userWallet: wallet })
                  : client.generatePlan({ destination: 'Rome', budget: 3000, userWallet: wallet })
                ).then(
                  () => 'OK',
                  (err: { codeName?: string }) => err.codeName ?? 'ERROR',
                ),
              );
              return [name, await Promise.all(calls)] as const;
            }),
          ),
        );
        const health = await clients['no token'].checkHealth();
        printTable('scenario 10: PLAN_SERVICE_TOKEN set, 50 calls per client (List/Generate)', [
          ...Object.entries(codes).map(([name, list]) => [name, tally(list)] as const),
          ['health check without a token', health],
        ]);
        expect(codes['no token']!.every((code) => code === 'UNAUTHENTICATED')).toBe(true);
        expect(codes['wrong token']!.every((code) => code === 'UNAUTHENTICATED')).toBe(true);
        expect(codes['right token']!.every((code) => code === 'OK')).toBe(true);
        expect(health).toBe('SERVING');
        expect(
          leakedSecrets([secured.process, stack.planService.process, stack.gateway.process], [token]),
        ).toEqual([]);
      } finally {
        for (const client of Object.values(clients)) client.close();
      }
    });
  });
});
