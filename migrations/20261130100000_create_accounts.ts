import type { Knex } from 'knex';

// One row per wallet that ever signed in (Sign-In with Ethereum). Keyed by the lowercase wallet,
// like plans, so a later split of every table by user_wallet keeps an account with its plans.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE accounts (
      user_wallet VARCHAR(42) PRIMARY KEY CHECK (user_wallet ~ '^0x[0-9a-f]{40}$'),
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      last_sign_in_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS accounts');
}
