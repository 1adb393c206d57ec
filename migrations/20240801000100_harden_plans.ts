import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The old system stored wallets in whatever case the client sent; lookups are by the lowercase
  // form now, so valid addresses are lowercased to stay findable. updated_at is left alone: the
  // plan itself did not change.
  await knex.raw(`
    ALTER TABLE plans DISABLE TRIGGER update_plans_updated_at;
    UPDATE plans SET user_wallet = lower(user_wallet)
      WHERE user_wallet ~ '^0x[0-9a-fA-F]{40}$' AND user_wallet <> lower(user_wallet);
    ALTER TABLE plans ENABLE TRIGGER update_plans_updated_at;
  `);
  // "A wallet's plans, newest first" and "plans in a status, newest first" are keyset scans of
  // these indexes; with only the single-column ones PostgreSQL must sort every matching row.
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS idx_plans_user_wallet_created_at ON plans (user_wallet, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS idx_plans_status_created_at ON plans (status, created_at DESC, id DESC);
  `);
  // New rows must have a positive budget and a lowercase address. NOT VALID: rows the old system
  // accepted stay readable instead of failing the migration.
  await knex.raw(`
    ALTER TABLE plans ADD CONSTRAINT plans_budget_positive CHECK (budget > 0) NOT VALID;
    ALTER TABLE plans ADD CONSTRAINT plans_user_wallet_format CHECK (user_wallet ~ '^0x[0-9a-f]{40}$') NOT VALID;
  `);
}

// Lowercased wallets stay lowercase: the original case was never meaningful.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE plans DROP CONSTRAINT IF EXISTS plans_user_wallet_format;
    ALTER TABLE plans DROP CONSTRAINT IF EXISTS plans_budget_positive;
    DROP INDEX IF EXISTS idx_plans_status_created_at;
    DROP INDEX IF EXISTS idx_plans_user_wallet_created_at;
  `);
}
