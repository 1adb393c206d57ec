import type { Knex } from 'knex';

// Idempotency keys live beside plans, not in them, so the plans table stays the seed's. A key is
// scoped to the wallet that sent it and goes away with its plan.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE plan_idempotency_keys (
      user_wallet VARCHAR(42) NOT NULL,
      idempotency_key VARCHAR(255) NOT NULL,
      plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      PRIMARY KEY (user_wallet, idempotency_key)
    );
    CREATE INDEX idx_plan_idempotency_keys_plan_id ON plan_idempotency_keys (plan_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS plan_idempotency_keys');
}
