import { createEventRepository, type EventRepository } from './events/event-repository';
import { createPlanRepository, type PlanRepository } from './plans/plan-repository';
import type { RunAtomically, RunSql } from './plans/sql-executor';
import { primaryOnly, type ReadRouting } from './routing/read-routing';
import { createShareRepository, type ShareRepository } from './sharing/share-repository';

/** The repositories of a store, bound to its pool or to one transaction. */
export interface Repositories {
  plans: PlanRepository;
  shares: ShareRepository;
  events: EventRepository;
}

/**
 * Creates every repository over one way to run statements, one way to run them atomically and
 * one way to route reads (replicas, read-your-writes).
 * @internal
 */
export function createRepositories(
  sql: RunSql,
  atomically: RunAtomically,
  routing: ReadRouting = primaryOnly(sql),
): Repositories {
  return {
    plans: createPlanRepository(sql, atomically, routing),
    shares: createShareRepository(sql, atomically, routing),
    events: createEventRepository(sql),
  };
}
