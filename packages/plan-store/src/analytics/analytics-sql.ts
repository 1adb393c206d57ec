// The statements of the analytics rollups (see migrations/20261130300000_add_plan_analytics.ts).
// Figures are the rollups plus the changes not yet folded into them, so they are exact whether or
// not compaction has run. One statement reads everything from one snapshot, and only reads, so it
// can run on a replica.

const COHORT_COLUMNS =
  'destination, plans, generated, confirmed, cancelled, ever_confirmed, cancelled_after_confirm, revenue';
const EVENT_COLUMNS = 'day, generated, confirmed, cancelled';

/**
 * The summary of a range of UTC days as one JSON row. Parameters: from, to (dates, inclusive),
 * how many destinations to list.
 * @internal
 */
export const SUMMARY = `with cohort as (
    select ${COHORT_COLUMNS} from analytics_plan_cohorts where day between $1::date and $2::date
    union all
    select ${COHORT_COLUMNS} from analytics_plan_cohort_changes where day between $1::date and $2::date
  ), by_destination as (
    select destination, sum(plans) as plans, sum(generated) as generated, sum(confirmed) as confirmed,
      sum(cancelled) as cancelled, sum(ever_confirmed) as ever_confirmed,
      sum(cancelled_after_confirm) as cancelled_after_confirm, sum(revenue) as revenue
    from cohort group by destination
  ), events as (
    select ${EVENT_COLUMNS} from analytics_daily_events where day between $1::date and $2::date
    union all
    select ${EVENT_COLUMNS} from analytics_daily_event_changes where day between $1::date and $2::date
  )
  select now() as as_of,
    (select json_build_object(
        'plans', coalesce(sum(plans), 0), 'generated', coalesce(sum(generated), 0),
        'confirmed', coalesce(sum(confirmed), 0), 'cancelled', coalesce(sum(cancelled), 0),
        'ever_confirmed', coalesce(sum(ever_confirmed), 0),
        'cancelled_after_confirm', coalesce(sum(cancelled_after_confirm), 0))
      from by_destination) as totals,
    (select coalesce(json_agg(top order by top.plans desc, top.destination), '[]')
      from (select destination, plans, confirmed, revenue from by_destination where plans > 0
            order by plans desc, destination limit $3) top) as destinations,
    (select json_agg(json_build_object('date', to_char(d.day, 'YYYY-MM-DD'),
        'generated', coalesce(e.generated, 0), 'confirmed', coalesce(e.confirmed, 0),
        'cancelled', coalesce(e.cancelled, 0)) order by d.day)
      from generate_series($1::date, $2::date, interval '1 day') as d(day)
      left join (select day, sum(generated) as generated, sum(confirmed) as confirmed,
                   sum(cancelled) as cancelled from events group by day) e on e.day = d.day::date
    ) as daily`;

const COHORT_SUMS = `sum(plans), sum(generated), sum(confirmed), sum(cancelled), sum(ever_confirmed),
    sum(cancelled_after_confirm), sum(revenue)`;

/**
 * Folds the pending changes into the rollups. DELETE … RETURNING takes exactly the committed rows
 * it removes, so a change committed meanwhile stays for the next run and none is counted twice;
 * concurrent runs skip the rows another run took. Returns how many changes were folded.
 * @internal
 */
export const COMPACT = `with cohort_moved as (
    delete from analytics_plan_cohort_changes returning *
  ), cohorts as (
    insert into analytics_plan_cohorts as r
    select day, destination, ${COHORT_SUMS} from cohort_moved group by day, destination
    on conflict (day, destination) do update set plans = r.plans + excluded.plans,
      generated = r.generated + excluded.generated, confirmed = r.confirmed + excluded.confirmed,
      cancelled = r.cancelled + excluded.cancelled, ever_confirmed = r.ever_confirmed + excluded.ever_confirmed,
      cancelled_after_confirm = r.cancelled_after_confirm + excluded.cancelled_after_confirm,
      revenue = r.revenue + excluded.revenue
  ), events_moved as (
    delete from analytics_daily_event_changes returning *
  ), events as (
    insert into analytics_daily_events as r
    select day, sum(generated), sum(confirmed), sum(cancelled) from events_moved group by day
    on conflict (day) do update set generated = r.generated + excluded.generated,
      confirmed = r.confirmed + excluded.confirmed, cancelled = r.cancelled + excluded.cancelled
  )
  select (select count(*) from cohort_moved) + (select count(*) from events_moved) as folded`;
