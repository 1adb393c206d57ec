import { DEFAULT_PAGE_SIZE } from '../limits';
import { decodeKeyset, encodeKeyset } from '../plans/cursor';
import type { RunSql } from '../plans/sql-executor';
import { authorizedPlan } from '../sharing/plan-access';
import { actingPageSchema } from '../sharing/share-input';
import { withStoreErrors } from '../store-errors';
import { parseInput, schemas } from '../validation';
import { eventPageQuery } from './event-sql';
import { type PlanEventPage, type PlanEventRow, toPlanEvent } from './plan-event';

/** Options of {@link EventRepository.list}. */
export interface ListEventsOptions {
  /** The acting wallet; must own the plan. Omitted: a trusted caller acting for no wallet. */
  userWallet?: string;
  /** 1 to 100; default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** The audit trail. Events are written by the changes themselves; this only reads them. */
export interface EventRepository {
  /** A plan's events, oldest first, one keyset page at a time. Only the owner reads them. */
  list(planId: string, options?: ListEventsOptions): Promise<PlanEventPage>;
}

const EVENT_ID = /^[1-9]\d{0,18}$/;

/** @internal */
export function createEventRepository(sql: RunSql): EventRepository {
  return withStoreErrors<EventRepository>({
    async list(planId, options) {
      const id = parseInput(schemas.planId, planId, 'planId');
      const { userWallet, limit = DEFAULT_PAGE_SIZE, cursor } = parseInput(actingPageSchema, options ?? {});
      const after = cursor === undefined ? undefined : decodeKeyset(cursor, [EVENT_ID]);
      const plan = await authorizedPlan(sql, id, userWallet, 'readEvents');
      const params: unknown[] = [plan.user_wallet, id, ...(after ?? []), limit + 1];
      const rows = await sql<PlanEventRow>(eventPageQuery(after !== undefined), params);
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      return {
        events: shown.map(toPlanEvent),
        ...(rows.length > limit && last ? { nextCursor: encodeKeyset([last.id]) } : {}),
      };
    },
  });
}
