// Scenario 6: 100 concurrent confirm and cancel calls on one plan, through the gateway, by its
// owner; five plans with different mixes. A test-only trigger records every status change with
// its time, so the responses can be checked against the order in which the changes committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePlan,
  createHttpClient,
  createPlanFor,
  type HttpClient,
  randomWallet,
  runSeed,
  seededRandom,
} from '../support';
import { APP_ROLE } from './harness/global-setup';
import { printTable } from './harness/report';
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const CALLS_PER_PLAN = 100;
const CONFIRM_SHARES = [0.9, 0.7, 0.5, 0.3, 0.1];
// Date.now() has millisecond resolution, PostgreSQL's clock microseconds.
const CLOCK_SLACK_MS = 1;

/** Records status changes of plans (observation only: the trigger never alters a row). */
const AUDIT_SQL = `
  create table plan_status_changes (plan_id uuid, old_status text, new_status text, at timestamptz);
  grant insert on plan_status_changes to ${APP_ROLE};
  create function record_plan_status_change() returns trigger language plpgsql as $$
  begin
    if new.status is distinct from old.status then
      insert into plan_status_changes values (new.id, old.status, new.status, clock_timestamp());
    end if;
    return new;
  end $$;
  create trigger plan_status_changes after update on plans
    for each row execute function record_plan_status_change();`;

interface StatusChange {
  old_status: string;
  new_status: string;
  at: Date;
}

describe('scenario 6: 100 concurrent confirm/cancel calls on one plan', () => {
  let stack: ScenarioStack;
  let raceClient: HttpClient;

  beforeAll(async () => {
    stack = await startScenarioStack();
    await stack.db.query(AUDIT_SQL);
    raceClient = createHttpClient(stack.gateway.port, CALLS_PER_PLAN);
  });

  afterAll(async () => {
    raceClient?.close();
    await stack?.stop();
  });

  /** Fires the calls on a new plan and gathers what the checks need. */
  async function race(wallet: string, actions: ReadonlyArray<'confirm' | 'cancel'>) {
    const planId = await createPlanFor(stack.http, wallet);
    const [before] = await stack.db.query<{ updated_at: Date }>(
      'select updated_at from plans where id = $1',
      [planId],
    );
    const results = await Promise.all(
      actions.map((action) =>
        changePlan(raceClient, action, { plan_id: planId, user_wallet: wallet }, { timeoutMs: 15_000 }),
      ),
    );
    const [after] = await stack.db.query<{ status: string; updated_at: Date }>(
      'select status, updated_at from plans where id = $1',
      [planId],
    );
    const changes = await stack.db.query<StatusChange>(
      'select old_status, new_status, at from plan_status_changes where plan_id = $1 order by at',
      [planId],
    );
    const confirms = results.filter((_, i) => actions[i] === 'confirm');
    const cancels = results.filter((_, i) => actions[i] === 'cancel');
    const cancelChange = changes.find((c) => c.new_status === 'cancelled');
    return {
      results,
      confirms,
      cancels,
      confirmed: confirms.filter((r) => r.status === 200),
      refused: confirms.filter((r) => r.status === 409),
      path: changes.map((c) => `${c.old_status}→${c.new_status}`),
      finalStatus: after?.status,
      updatedAtMoved: after!.updated_at.getTime() > before!.updated_at.getTime(),
      cancelUpdatedAt: cancelChange ? cancelChange.at.getTime() : Number.POSITIVE_INFINITY,
      // The winning cancel committed before any cancel got its answer.
      cancelCommittedBy: Math.min(...cancels.map((r) => r.endedAt)),
    };
  }

  it('ends in a state the lifecycle allows, and every answer agrees with the order of the changes', async () => {
    const random = seededRandom(runSeed());
    const rounds = [];
    for (const confirmShare of CONFIRM_SHARES) {
      const actions = Array.from({ length: CALLS_PER_PLAN }, () =>
        random.next() < confirmShare ? ('confirm' as const) : ('cancel' as const),
      );
      rounds.push({ confirmShare, ...(await race(randomWallet(random), actions)) });
    }
    printTable('scenario 6: confirm/cancel races, 5 plans × 100 concurrent calls (owner wallet)', [
      ['seed', random.seed],
      ...rounds.map(
        (round) =>
          [
            `confirm share ${round.confirmShare}`,
            `confirm 200×${round.confirmed.length} 409×${round.refused.length}, cancel 200×` +
              `${round.cancels.filter((r) => r.status === 200).length}/${round.cancels.length}; ` +
              `changes ${round.path.join(', ')}; final ${round.finalStatus}`,
          ] as const,
      ),
    ]);

    for (const round of rounds) {
      expect(round.results.every((r) => r.status !== 0 && r.status < 500)).toBe(true);
      expect(round.cancels.every((r) => r.status === 200)).toBe(true);
      expect(round.confirmed.length + round.refused.length).toBe(round.confirms.length);
      expect(round.finalStatus).toBe('cancelled');
      // One winning transition per state change, in an order the lifecycle allows.
      expect([['generated→cancelled'], ['generated→confirmed', 'confirmed→cancelled']]).toContainEqual(
        round.path,
      );
      expect(round.confirmed.length > 0).toBe(round.path.includes('generated→confirmed'));
      // A 200 confirm started before the cancel committed; a 409 ended after the cancel's UPDATE.
      for (const r of round.confirmed) expect(r.startedAt).toBeLessThanOrEqual(round.cancelCommittedBy);
      for (const r of round.refused)
        expect(r.endedAt + CLOCK_SLACK_MS).toBeGreaterThanOrEqual(round.cancelUpdatedAt);
      expect(round.updatedAtMoved).toBe(true);
    }
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });
});
