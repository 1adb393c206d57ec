import type { Knex } from 'knex';

// The seed's schema, exactly. Every statement is conditional so that a database created by the
// old system's init.sql (same table, indexes and trigger, no knex bookkeeping) is adopted as it
// is, rows included, the way `alembic stamp` would adopt it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE IF NOT EXISTS plans (
      id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
      user_wallet VARCHAR(42) NOT NULL,
      destination VARCHAR(255) NOT NULL,
      budget INTEGER NOT NULL,
      plan_data JSONB NOT NULL,
      created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
      status VARCHAR(20) DEFAULT 'generated' CHECK (status IN ('generated', 'confirmed', 'cancelled')),
      updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
    );
    CREATE INDEX IF NOT EXISTS idx_plans_user_wallet ON plans (user_wallet);
    CREATE INDEX IF NOT EXISTS idx_plans_created_at ON plans (created_at);
    CREATE INDEX IF NOT EXISTS idx_plans_status ON plans (status);
    CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
    BEGIN
      NEW.updated_at = CURRENT_TIMESTAMP;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    DROP TRIGGER IF EXISTS update_plans_updated_at ON plans;
    CREATE TRIGGER update_plans_updated_at BEFORE UPDATE ON plans
      FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
  `);
}

// Drops the table and every plan in it.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS plans;
    DROP FUNCTION IF EXISTS update_updated_at_column();
  `);
}
