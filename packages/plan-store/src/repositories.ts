import { createEventRepository, type EventRepository } from './events/event-repository';
import { createPlanRepository, type PlanRepository } from './plans/plan-repository';
import type { RunAtomically, RunSql } from './plans/sql-executor';
import { createShareRepository, type ShareRepository } from './sharing/share-repository';

/** The repositories of a store, bound to its pool or to one transaction. */
export interface Repositories {
  plans: PlanRepository;
  shares: ShareRepository;
  events: EventRepository;
}

/**
 * Creates every repository over one way to run statements and one way to run them atomically.
 * @internal
 */
export function createRepositories(sql: RunSql, atomically: RunAtomically): Repositories {
  return {
    plans: createPlanRepository(sql, atomically),
    shares: createShareRepository(sql, atomically),
    events: createEventRepository(sql),
  };
}
