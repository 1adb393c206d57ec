// The statements of the audit trail. Events are appended by the statement that makes the change
// (a data-modifying CTE), so a change and its event commit together or not at all.

/** The columns every appended event fills, in this order. @internal */
export const EVENT_COLUMNS =
  'plan_id, user_wallet, action, actor_wallet, status_before, status_after, plan_version, grantee_wallet, role';

/**
 * A page of a plan's events, oldest first. The owner's wallet leads the key, so the page is one
 * range of the primary key. Parameters: owner wallet, plan id, [last id seen], limit.
 * @internal
 */
export function eventPageQuery(afterCursor: boolean): string {
  const after = afterCursor ? 'and id > $3::bigint' : '';
  const limit = afterCursor ? '$4' : '$3';
  return `select * from plan_events where user_wallet = $1 and plan_id = $2 ${after} order by id limit ${limit}`;
}
