import type { Knex } from 'knex';

// A deleted plan's figures are taken away before the delete cascades to its trail.
//
// The plans trigger of 20261130300000 counted deletes AFTER the row was gone. PostgreSQL fires a
// table's AFTER triggers in name order, so the foreign keys' cascade ("RI_ConstraintTrigger_…")
// had already deleted the plan's events, and a cancelled plan that had been confirmed was taken
// away as one cancelled before confirming: the funnel kept +1 confirmed and +1 cancelled after
// confirming for a plan that no longer existed. A BEFORE DELETE trigger still sees the trail.
// The rollups are rebuilt once so that figures already skewed by such deletes are repaired.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER analytics_track_plan ON plans;
    CREATE TRIGGER analytics_track_plan AFTER INSERT OR UPDATE ON plans
      FOR EACH ROW EXECUTE FUNCTION analytics_track_plan();

    CREATE FUNCTION analytics_track_plan_delete() RETURNS TRIGGER LANGUAGE plpgsql AS $$
    DECLARE
      ever_confirmed BOOLEAN := OLD.status = 'confirmed' OR (OLD.status = 'cancelled' AND EXISTS (
        SELECT 1 FROM plan_events e
        WHERE e.user_wallet = OLD.user_wallet AND e.plan_id = OLD.id AND e.status_after = 'confirmed'));
    BEGIN
      IF OLD.created_at IS NOT NULL THEN
        INSERT INTO analytics_plan_cohort_changes VALUES (
          (OLD.created_at AT TIME ZONE 'UTC')::date, OLD.destination, -1,
          -(OLD.status = 'generated')::int, -(OLD.status = 'confirmed')::int,
          -(OLD.status = 'cancelled')::int, -ever_confirmed::int,
          -(OLD.status = 'cancelled' AND ever_confirmed)::int,
          CASE WHEN OLD.status = 'confirmed' THEN -analytics_plan_revenue(OLD.plan_data) ELSE 0 END);
      END IF;
      -- A BEFORE trigger that returned NULL would cancel the delete.
      RETURN OLD;
    END;
    $$;
    CREATE TRIGGER analytics_track_plan_delete BEFORE DELETE ON plans
      FOR EACH ROW EXECUTE FUNCTION analytics_track_plan_delete();

    SELECT analytics_rebuild();
  `);
}

// Back to counting deletes after the cascade, as 20261130300000 left it.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS analytics_track_plan_delete ON plans;
    DROP FUNCTION IF EXISTS analytics_track_plan_delete();
    DROP TRIGGER IF EXISTS analytics_track_plan ON plans;
    CREATE TRIGGER analytics_track_plan AFTER INSERT OR UPDATE OR DELETE ON plans
      FOR EACH ROW EXECUTE FUNCTION analytics_track_plan();
  `);
}
