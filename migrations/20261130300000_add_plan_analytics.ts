import type { Knex } from 'knex';

// Rollups behind the analytics summary, so that no request scans plans or plan_events.
//
// - analytics_plan_cohorts: per (UTC day of creation, current destination), how many plans exist
//   and what became of them. A plan's row moves when its destination changes, so the figures
//   follow edits.
// - analytics_daily_events: per UTC day, how many plans were created, confirmed and cancelled
//   that day (the plan_events trail).
//
// Writers never update a rollup row: triggers append the difference a change makes to a
// *_changes table (an insert, so concurrent writers never wait on one hot row), and a compaction
// statement folds those rows into the rollups now and then (DELETE … RETURNING, so a row
// committed late is folded by the next run and none is folded twice). Readers add both.
//
// "Was this cancelled plan confirmed first?" is answered by the trail (an event whose
// status_after is confirmed); a legacy plan has no trail, so its cancellation counts as before
// confirming.
const COUNTS = `
  plans BIGINT NOT NULL DEFAULT 0,
  generated BIGINT NOT NULL DEFAULT 0,
  confirmed BIGINT NOT NULL DEFAULT 0,
  cancelled BIGINT NOT NULL DEFAULT 0,
  ever_confirmed BIGINT NOT NULL DEFAULT 0,
  cancelled_after_confirm BIGINT NOT NULL DEFAULT 0,
  revenue NUMERIC NOT NULL DEFAULT 0`;
const EVENT_COUNTS = `
  generated BIGINT NOT NULL DEFAULT 0,
  confirmed BIGINT NOT NULL DEFAULT 0,
  cancelled BIGINT NOT NULL DEFAULT 0`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- No plan may change between the triggers' creation and the backfill's read.
    LOCK TABLE plans IN SHARE ROW EXCLUSIVE MODE;

    CREATE TABLE analytics_plan_cohorts (
      day DATE NOT NULL,
      destination VARCHAR(255) NOT NULL,${COUNTS},
      PRIMARY KEY (day, destination)
    );
    CREATE TABLE analytics_plan_cohort_changes (
      day DATE NOT NULL,
      destination VARCHAR(255) NOT NULL,${COUNTS}
    );
    CREATE TABLE analytics_daily_events (
      day DATE PRIMARY KEY,${EVENT_COUNTS}
    );
    CREATE TABLE analytics_daily_event_changes (
      day DATE NOT NULL,${EVENT_COUNTS}
    );

    -- Confirmed revenue counts a plan's grand_total when plan_data carries it as a number.
    CREATE FUNCTION analytics_plan_revenue(plan_data JSONB) RETURNS NUMERIC
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN jsonb_typeof(plan_data -> 'grand_total') = 'number'
          THEN (plan_data ->> 'grand_total')::numeric ELSE 0 END
      $$;

    CREATE FUNCTION analytics_track_plan() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE
      was_confirmed BOOLEAN := false;
      old_revenue NUMERIC := 0;
      new_revenue NUMERIC := 0;
    BEGIN
      IF TG_OP <> 'INSERT' THEN old_revenue := analytics_plan_revenue(OLD.plan_data); END IF;
      IF TG_OP <> 'DELETE' THEN new_revenue := analytics_plan_revenue(NEW.plan_data); END IF;
      -- Version bumps and plan_data edits that keep grand_total change no figure.
      IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
         AND NEW.destination = OLD.destination
         AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at
         AND new_revenue = old_revenue THEN
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        was_confirmed := OLD.status = 'confirmed' OR (OLD.status = 'cancelled' AND EXISTS (
          SELECT 1 FROM plan_events e
          WHERE e.user_wallet = OLD.user_wallet AND e.plan_id = OLD.id AND e.status_after = 'confirmed'));
      END IF;
      -- A status change keeps the plan's day and destination: one row carries the difference.
      INSERT INTO analytics_plan_cohort_changes
      SELECT (c.created_at AT TIME ZONE 'UTC')::date, c.destination, sum(c.sign),
        sum(c.sign * (c.status = 'generated')::int), sum(c.sign * (c.status = 'confirmed')::int),
        sum(c.sign * (c.status = 'cancelled')::int), sum(c.sign * c.ever_confirmed::int),
        sum(c.sign * (c.status = 'cancelled' AND c.ever_confirmed)::int),
        sum(CASE WHEN c.status = 'confirmed' THEN c.sign * c.revenue ELSE 0 END)
      FROM (
        SELECT -1 AS sign, OLD.created_at, OLD.destination, OLD.status, was_confirmed AS ever_confirmed,
          old_revenue AS revenue
        WHERE TG_OP <> 'INSERT'
        UNION ALL
        SELECT 1, NEW.created_at, NEW.destination, NEW.status,
          NEW.status = 'confirmed' OR (NEW.status = 'cancelled' AND was_confirmed), new_revenue
        WHERE TG_OP <> 'DELETE'
      ) c
      WHERE c.created_at IS NOT NULL
      GROUP BY 1, 2;
      RETURN NULL;
    END;
    $$;
    CREATE TRIGGER analytics_track_plan AFTER INSERT OR UPDATE OR DELETE ON plans
      FOR EACH ROW EXECUTE FUNCTION analytics_track_plan();

    CREATE FUNCTION analytics_track_event() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE
      e plan_events;
      sign INT;
    BEGIN
      IF TG_OP = 'INSERT' THEN e := NEW; sign := 1; ELSE e := OLD; sign := -1; END IF;
      IF e.action IN ('created', 'confirmed', 'cancelled') THEN
        INSERT INTO analytics_daily_event_changes VALUES ((e.created_at AT TIME ZONE 'UTC')::date,
          sign * (e.action = 'created')::int, sign * (e.action = 'confirmed')::int,
          sign * (e.action = 'cancelled')::int);
      END IF;
      RETURN NULL;
    END;
    $$;
    CREATE TRIGGER analytics_track_event AFTER INSERT OR DELETE ON plan_events
      FOR EACH ROW EXECUTE FUNCTION analytics_track_event();

    -- Recomputes every rollup from plans and plan_events: the backfill below, and the repair
    -- after a bulk load made with triggers off. Plan writes wait while it runs.
    CREATE FUNCTION analytics_rebuild() RETURNS VOID LANGUAGE plpgsql AS $rebuild$
    BEGIN
    LOCK TABLE plans IN SHARE ROW EXCLUSIVE MODE;
    TRUNCATE analytics_plan_cohorts, analytics_plan_cohort_changes, analytics_daily_events,
      analytics_daily_event_changes;
    INSERT INTO analytics_plan_cohorts
    SELECT (p.created_at AT TIME ZONE 'UTC')::date, p.destination, count(*),
      count(*) FILTER (WHERE p.status = 'generated'), count(*) FILTER (WHERE p.status = 'confirmed'),
      count(*) FILTER (WHERE p.status = 'cancelled'),
      count(*) FILTER (WHERE p.status = 'confirmed' OR (p.status = 'cancelled' AND c.confirmed)),
      count(*) FILTER (WHERE p.status = 'cancelled' AND c.confirmed),
      coalesce(sum(analytics_plan_revenue(p.plan_data)) FILTER (WHERE p.status = 'confirmed'), 0)
    FROM plans p
    CROSS JOIN LATERAL (SELECT EXISTS (
      SELECT 1 FROM plan_events e
      WHERE e.user_wallet = p.user_wallet AND e.plan_id = p.id AND e.status_after = 'confirmed'
    ) AS confirmed) c
    WHERE p.created_at IS NOT NULL
    GROUP BY 1, 2;

    -- Days of events: the trail where there is one. A plan without its 'created' event predates
    -- the trail (a legacy plan): its creation day counts, and its current status on the day of its
    -- last change unless the trail recorded that change.
    INSERT INTO analytics_daily_events
    SELECT day, sum(generated), sum(confirmed), sum(cancelled) FROM (
      SELECT (e.created_at AT TIME ZONE 'UTC')::date AS day, (e.action = 'created')::int AS generated,
        (e.action = 'confirmed')::int AS confirmed, (e.action = 'cancelled')::int AS cancelled
      FROM plan_events e WHERE e.action IN ('created', 'confirmed', 'cancelled')
      UNION ALL
      SELECT (p.created_at AT TIME ZONE 'UTC')::date, 1, 0, 0 FROM plans p
      WHERE p.created_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM plan_events e
        WHERE e.user_wallet = p.user_wallet AND e.plan_id = p.id AND e.action = 'created')
      UNION ALL
      SELECT (p.updated_at AT TIME ZONE 'UTC')::date, 0, (p.status = 'confirmed')::int,
        (p.status = 'cancelled')::int
      FROM plans p
      WHERE p.status IN ('confirmed', 'cancelled') AND p.updated_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM plan_events e
        WHERE e.user_wallet = p.user_wallet AND e.plan_id = p.id AND e.action IN ('created', p.status))
    ) legacy
    GROUP BY day;
    END;
    $rebuild$;

    -- Backfill: every plan already stored, legacy ones included.
    SELECT analytics_rebuild();
  `);
}

// Drops the rollups and the triggers that keep them; plans and plan_events are untouched.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS analytics_track_event ON plan_events;
    DROP TRIGGER IF EXISTS analytics_track_plan ON plans;
    DROP FUNCTION IF EXISTS analytics_track_event();
    DROP FUNCTION IF EXISTS analytics_track_plan();
    DROP FUNCTION IF EXISTS analytics_rebuild();
    DROP FUNCTION IF EXISTS analytics_plan_revenue(JSONB);
    DROP TABLE IF EXISTS analytics_daily_event_changes, analytics_daily_events,
      analytics_plan_cohort_changes, analytics_plan_cohorts;
  `);
}
