// Every statement the repository sends, written once. Values are always bind parameters.

const NEWEST_FIRST = 'order by created_at desc, id desc';
const PAGE_COLUMNS = 'plans.*, created_at::text as cursor_created_at';

export const INSERT_PLAN = `insert into plans (user_wallet, destination, budget, plan_data, status)
  values ($1, $2, $3, $4::jsonb, $5) returning *`;

// The key and the plan are inserted by one statement, so they commit together; a racing twin
// waits on the key's primary key and then inserts nothing (see FIND_BY_IDEMPOTENCY_KEY).
export const INSERT_PLAN_ONCE = `with key as (
    insert into plan_idempotency_keys (user_wallet, idempotency_key, plan_id)
    values ($1, $6, gen_random_uuid())
    on conflict do nothing
    returning plan_id
  )
  insert into plans (id, user_wallet, destination, budget, plan_data, status)
  select plan_id, $1, $2, $3, $4::jsonb, $5 from key
  returning *`;

export const FIND_BY_IDEMPOTENCY_KEY = `select plans.* from plan_idempotency_keys k
  join plans on plans.id = k.plan_id
  where k.user_wallet = $1 and k.idempotency_key = $2`;

export const GET_PLAN = 'select * from plans where id = $1';

export const DELETE_PLAN = 'delete from plans where id = $1 returning id, user_wallet';

export const UPDATE_PLAN_DATA = 'update plans set plan_data = $2::jsonb where id = $1 returning *';

// One conditional UPDATE decides a race: of two callers, at most one matches the old status.
export const TRANSITION =
  'update plans set status = $2 where id = $1 and status = any($3::varchar[]) returning *';
export const TRANSITION_OWNED = `update plans set status = $2
  where id = $1 and status = any($3::varchar[]) and user_wallet = $4 returning *`;

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
