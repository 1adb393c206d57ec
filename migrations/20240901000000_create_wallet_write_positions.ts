import type { Knex } from 'knex';

// Read-your-writes on streaming replicas: after each write, the primary's WAL insert position is
// recorded per wallet, where every instance of every service sees it. A replica serves that
// wallet's reads only once it has replayed past this position. One row per wallet that wrote.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE wallet_write_positions (
      user_wallet VARCHAR(42) PRIMARY KEY,
      lsn PG_LSN NOT NULL,
      updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS wallet_write_positions');
}
