// Seeds plans and their event trail with generate_series, in a few statements, for the analytics
// benchmark and the page's browser test. Rows are deterministic; recent days get more plans;
// 40% are confirmed, 10% confirmed then cancelled, 10% cancelled unconfirmed.
import type pg from 'pg';

/** Destinations in seeded plans; the first ones get more plans. */
export const SEED_DESTINATIONS = [
  'Paris',
  'Tokyo',
  'Lisbon',
  'New York',
  'Rome',
  'Barcelona',
  'Reykjavik',
  'Kyoto',
  'Cape Town',
  'Lima',
  'Bangkok',
  'Sydney',
  'Istanbul',
  'Vienna',
  'Prague',
  'Seoul',
  'Mexico City',
  'Marrakesh',
  'Oslo',
  'Hanoi',
  'Buenos Aires',
  'Dubrovnik',
  'Havana',
  'Nairobi',
  'Edinburgh',
];

/**
 * Inserts `plans` plans spread over the last `days` days with their created, confirmed and
 * cancelled events. With `triggersOff`, the analytics triggers do not run (a bulk load, as a
 * superuser) and `analytics_rebuild()` recomputes the rollups afterwards.
 */
export async function seedAnalytics(
  client: pg.ClientBase,
  { plans, days, triggersOff = false }: { plans: number; days: number; triggersOff?: boolean },
): Promise<void> {
  const destinations = `(array[${SEED_DESTINATIONS.map((d) => `'${d}'`).join(',')}])`;
  const n = SEED_DESTINATIONS.length;
  await client.query('begin');
  if (triggersOff) await client.query('set local session_replication_role = replica');
  await client.query(
    `insert into plans (user_wallet, destination, budget, plan_data, status, created_at, updated_at)
     select '0x' || lpad(to_hex(g % 50000), 40, '0'),
       ${destinations}[1 + floor(${n} * power(((g * 7919) % 1009) / 1009.0, 2))::int],
       2000,
       jsonb_build_object('grand_total', 500 + (g % 37) * 25.5,
         'seed', case when g % 10 < 4 then 'confirmed' when g % 10 = 4 then 'confirmed-cancelled'
                      when g % 10 = 5 then 'cancelled' else 'generated' end),
       case when g % 10 < 4 then 'confirmed' when g % 10 in (4, 5) then 'cancelled' else 'generated' end,
       now() - floor($2 * (1 - sqrt(((g * 104729) % 1000 + 1) / 1001.0))) * interval '1 day' - (g % 600) * interval '1 minute',
       now() - floor($2 * (1 - sqrt(((g * 104729) % 1000 + 1) / 1001.0))) * interval '1 day'
     from generate_series(1, $1::bigint) g`,
    [plans, days],
  );
  await client.query(
    `insert into plan_events (plan_id, user_wallet, action, actor_wallet, status_before, status_after, plan_version, created_at)
     select p.id, p.user_wallet, e.action, p.user_wallet, e.before, e.after, e.version, p.created_at + e.delay
     from plans p
     cross join lateral (values
       ('created', null, 'generated', 1, interval '0'),
       ('confirmed', 'generated', 'confirmed', 2, interval '1 minute'),
       ('cancelled', case when p.plan_data->>'seed' = 'cancelled' then 'generated' else 'confirmed' end, 'cancelled',
         case when p.plan_data->>'seed' = 'cancelled' then 2 else 3 end, interval '2 minutes')
     ) as e(action, before, after, version, delay)
     where p.plan_data ? 'seed' and (e.action = 'created'
       or (e.action = 'confirmed' and p.plan_data->>'seed' in ('confirmed', 'confirmed-cancelled'))
       or (e.action = 'cancelled' and p.plan_data->>'seed' in ('cancelled', 'confirmed-cancelled')))`,
  );
  await client.query('commit');
  if (triggersOff) await client.query('select analytics_rebuild()');
}
