// Every statement the repository sends, written once. Values are always bind parameters.
// Each change appends its event to plan_events in the same statement (a data-modifying CTE), so
// the change and its event commit together; each change of a row bumps its version.
import { EVENT_COLUMNS } from '../events/event-sql';

const NEWEST_FIRST = 'order by created_at desc, id desc';
const PAGE_COLUMNS = 'plans.*, created_at::text as cursor_created_at';

// The `created` event of the rows of the CTE `created`, acted by the owner.
const RECORD_CREATED = `event as (
    insert into plan_events (${EVENT_COLUMNS})
    select id, user_wallet, 'created', user_wallet, null, status, version, null, null from created
  )`;

export const INSERT_PLAN = `with created as (
    insert into plans (user_wallet, destination, budget, plan_data, status)
    values ($1, $2, $3, $4::jsonb, $5) returning *
  ), ${RECORD_CREATED}
  select * from created`;

// The key and the plan are inserted by one statement, so they commit together; a racing twin
// waits on the key's primary key and then inserts nothing (see FIND_BY_IDEMPOTENCY_KEY).
export const INSERT_PLAN_ONCE = `with key as (
    insert into plan_idempotency_keys (user_wallet, idempotency_key, plan_id)
    values ($1, $6, gen_random_uuid())
    on conflict do nothing
    returning plan_id
  ), created as (
    insert into plans (id, user_wallet, destination, budget, plan_data, status)
    select plan_id, $1, $2, $3, $4::jsonb, $5 from key
    returning *
  ), ${RECORD_CREATED}
  select * from created`;

export const FIND_BY_IDEMPOTENCY_KEY = `select plans.* from plan_idempotency_keys k
  join plans on plans.id = k.plan_id
  where k.user_wallet = $1 and k.idempotency_key = $2`;

export const DELETE_PLAN = 'delete from plans where id = $1 returning id, user_wallet';

/** Parameters: id, plan_data JSON. A trusted caller acting for no wallet. */
export const UPDATE_PLAN_DATA = `with changed as (
    update plans set plan_data = $2::jsonb, version = version + 1 where id = $1 returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select id, user_wallet, 'updated', null, null, null, version, null, null from changed
  )
  select * from changed`;

/**
 * Parameters: id, plan_data JSON or null (unchanged), destination or null (unchanged), actor,
 * the version the editor read. Returns no row when the plan is at another version.
 */
export const EDIT_PLAN = `with changed as (
    update plans
    set plan_data = coalesce($2::jsonb, plan_data), destination = coalesce($3, destination),
        version = version + 1
    where id = $1 and version = $5 returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select id, user_wallet, 'updated', $4, null, null, version, null, null from changed
  )
  select * from changed`;

/**
 * Parameters: id, new status, event action, actor, status before, allowed statuses before. Returns
 * no row when the plan's status is not one the transition may start from.
 */
export const CHANGE_STATUS = `with changed as (
    update plans set status = $2, version = version + 1
    where id = $1 and status = any($6::varchar[]) returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select id, user_wallet, $3, $4, $5, status, version, null, null from changed
  )
  select * from changed`;

export const RECENT = `select * from plans ${NEWEST_FIRST} limit $1`;

/**
 * A keyset page: rows matching `filters` (each a column compared to the next parameter), after
 * the cursor position when there is one, newest first. Parameters: the filter values, then the
 * cursor's created_at and id when `afterCursor`, then the limit.
 */
export function pageQuery(filters: readonly ('user_wallet' | 'status')[], afterCursor: boolean): string {
  const conditions = filters.map((column, i) => `${column} = $${i + 1}`);
  let next = filters.length + 1;
  if (afterCursor) {
    conditions.push(`(created_at, id) < ($${next}::timestamptz, $${next + 1}::uuid)`);
    next += 2;
  }
  return `select ${PAGE_COLUMNS} from plans where ${conditions.join(' and ')} ${NEWEST_FIRST} limit $${next}`;
}
