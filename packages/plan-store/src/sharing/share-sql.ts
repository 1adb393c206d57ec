// Every statement of sharing, written once. Values are always bind parameters.
import { EVENT_COLUMNS } from '../events/event-sql';

/** The plan's row, locked until the transaction ends. */
export const LOCK_PLAN = 'select * from plans where id = $1 for update';

/** The plan's row and the role of the wallet's active grant (null without one). */
export const PLAN_WITH_ROLE = `select plans.*, s.role as share_role from plans
  left join plan_shares s on s.plan_id = plans.id and s.grantee_wallet = $2 and s.revoked_at is null
  where plans.id = $1`;

export const ACTIVE_ROLE =
  'select role from plan_shares where plan_id = $1 and grantee_wallet = $2 and revoked_at is null';

export const ACTIVE_SHARE =
  'select * from plan_shares where plan_id = $1 and grantee_wallet = $2 and revoked_at is null';

export const ACTIVE_SHARES =
  'select * from plan_shares where plan_id = $1 and revoked_at is null order by granted_at, id';

// Who sees these plans in "shared with me" (the cache drops those views when a plan changes).
export const ACTIVE_GRANTEES = `select distinct grantee_wallet from plan_shares
  where plan_id = any($1::uuid[]) and revoked_at is null`;

export const LAST_REVOKED_SHARE = `select * from plan_shares where plan_id = $1 and grantee_wallet = $2
  order by revoked_at desc nulls last, id desc limit 1`;

// Each change below appends its event in the same statement. $n: see the parameters named.

/** Parameters: plan id, owner, grantee, role, plan version. The owner grants. */
export const GRANT = `with granted as (
    insert into plan_shares (plan_id, user_wallet, grantee_wallet, role, granted_by)
    values ($1, $2, $3, $4, $2) returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select plan_id, user_wallet, 'shared', granted_by, null, null, $5, grantee_wallet, role from granted
  )
  select * from granted`;

/** Parameters: share id, new role, actor, plan version. */
export const CHANGE_ROLE = `with changed as (
    update plan_shares set role = $2 where id = $1 returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select plan_id, user_wallet, 'shared', $3, null, null, $4, grantee_wallet, role from changed
  )
  select * from changed`;

/** Parameters: plan id, grantee, actor, plan version. */
export const REVOKE = `with revoked as (
    update plan_shares set revoked_at = current_timestamp, revoked_by = $3
    where plan_id = $1 and grantee_wallet = $2 and revoked_at is null returning *
  ), event as (
    insert into plan_events (${EVENT_COLUMNS})
    select plan_id, user_wallet, 'unshared', revoked_by, null, null, $4, grantee_wallet, role from revoked
  )
  select * from revoked`;

/**
 * A page of the plans shared with a wallet, newest grant first: a range of the partial index on
 * active grants, then each plan by its primary key. Parameters: grantee, [granted_at, share id of
 * the cursor], limit.
 */
export function sharedWithQuery(afterCursor: boolean): string {
  const after = afterCursor ? 'and (s.granted_at, s.id) < ($2::timestamptz, $3::bigint)' : '';
  const limit = afterCursor ? '$4' : '$2';
  return `select p.*, s.id as share_id, s.role as share_role, s.granted_at as shared_at,
      s.granted_at::text as cursor_granted_at
    from plan_shares s join plans p on p.id = s.plan_id
    where s.grantee_wallet = $1 and s.revoked_at is null ${after}
    order by s.granted_at desc, s.id desc limit ${limit}`;
}
