import type { Knex } from 'knex';

// Sign-in sessions. The token is handed to the client once and only its SHA-256 is kept, so a
// copy of this table opens no session. Revocation stamps revoked_at, and every call reads the row,
// so a revoked session stops working on the very next call of every instance.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sessions (
      token_hash BYTEA PRIMARY KEY CHECK (octet_length(token_hash) = 32),
      user_wallet VARCHAR(42) NOT NULL REFERENCES accounts (user_wallet) ON DELETE CASCADE,
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
      revoked_at TIMESTAMP WITH TIME ZONE
    );
    CREATE INDEX idx_sessions_user_wallet ON sessions (user_wallet);
    CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS sessions');
}
