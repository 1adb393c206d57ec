import type { Knex } from 'knex';

// Sharing, co-editing and the audit trail.
//
// - plans.version: every change of a plan bumps it; an edit names the version it read, so two
//   co-editors never overwrite each other silently. ADD COLUMN with a constant default gives every
//   existing row (legacy ones included) version 1 without rewriting the table.
// - plan_shares: who may read (viewer) or edit (editor) a plan. A revoked grant stays as history;
//   at most one grant per (plan, grantee) is active. user_wallet is the plan's owner, carried so
//   that the table can be split by wallet like plans.
// - plan_events: the append-only trail of every change, written by the statement that makes the
//   change. Its key starts with the owner's wallet for the same reason.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

    CREATE TABLE plan_shares (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
      user_wallet VARCHAR(42) NOT NULL,
      grantee_wallet VARCHAR(42) NOT NULL CHECK (grantee_wallet ~ '^0x[0-9a-f]{40}$'),
      role VARCHAR(10) NOT NULL CHECK (role IN ('viewer', 'editor')),
      granted_by VARCHAR(42) NOT NULL,
      granted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      revoked_at TIMESTAMP WITH TIME ZONE,
      revoked_by VARCHAR(42),
      CONSTRAINT plan_shares_not_owner CHECK (grantee_wallet <> user_wallet),
      CONSTRAINT plan_shares_revoked_by CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
    );
    -- One active grant per (plan, grantee); also how a plan's active grants are listed. The
    -- owner's wallet (fixed by the plan) closes the key so that it holds per shard after a split.
    CREATE UNIQUE INDEX idx_plan_shares_active ON plan_shares (plan_id, grantee_wallet, user_wallet)
      WHERE revoked_at IS NULL;
    -- "Shared with me", newest grant first: one index range scan over active grants only, covering
    -- everything the listing needs from this table.
    CREATE INDEX idx_plan_shares_grantee ON plan_shares (grantee_wallet, granted_at DESC, id DESC)
      INCLUDE (plan_id, role, user_wallet) WHERE revoked_at IS NULL;

    CREATE TABLE plan_events (
      id BIGINT GENERATED ALWAYS AS IDENTITY,
      plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
      user_wallet VARCHAR(42) NOT NULL,
      action VARCHAR(20) NOT NULL
        CHECK (action IN ('created', 'updated', 'confirmed', 'cancelled', 'shared', 'unshared')),
      actor_wallet VARCHAR(42),
      status_before VARCHAR(20),
      status_after VARCHAR(20),
      plan_version INTEGER NOT NULL,
      grantee_wallet VARCHAR(42),
      role VARCHAR(10),
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
      -- A plan's events, oldest first, are one range of this key.
      PRIMARY KEY (user_wallet, plan_id, id)
    );

    -- Append-only: a row, once written, never changes (deleting a plan still removes its trail).
    CREATE FUNCTION plan_events_append_only() RETURNS TRIGGER AS $$
    BEGIN
      RAISE EXCEPTION 'plan_events is append-only';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER plan_events_no_update BEFORE UPDATE ON plan_events
      FOR EACH STATEMENT EXECUTE FUNCTION plan_events_append_only();
  `);
}

// Drops every grant and event, and the plans' versions.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS plan_events;
    DROP FUNCTION IF EXISTS plan_events_append_only();
    DROP TABLE IF EXISTS plan_shares;
    ALTER TABLE plans DROP COLUMN IF EXISTS version;
  `);
}
