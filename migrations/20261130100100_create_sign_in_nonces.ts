import type { Knex } from 'knex';

// Nonces the server issued for sign-in messages. A nonce is used once: consuming it stamps
// consumed_at and the wallet that signed, in the same statement that opens the session, so a
// replayed message finds it spent. Spent and expired rows stay until cleanup, which lets a refusal
// say whether a nonce was never issued, already used or expired.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sign_in_nonces (
      nonce VARCHAR(64) PRIMARY KEY,
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
      consumed_at TIMESTAMP WITH TIME ZONE,
      user_wallet VARCHAR(42)
    );
    CREATE INDEX idx_sign_in_nonces_expires_at ON sign_in_nonces (expires_at);
    CREATE INDEX idx_sign_in_nonces_user_wallet ON sign_in_nonces (user_wallet) WHERE user_wallet IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS sign_in_nonces');
}
