// Every statement of the account repository. Values are always bind parameters; times come from
// the database clock, so instances with skewed clocks agree on what has expired.

export const INSERT_NONCE = `insert into sign_in_nonces (nonce, expires_at)
  values ($1, now() + make_interval(secs => $2)) returning nonce, expires_at`;

// One statement spends the nonce, records the account and opens the session, so they commit
// together. Of concurrent sign-ins with one nonce, the row lock lets one UPDATE match; the others
// re-check `consumed_at is null` after it commits, match nothing and insert nothing.
export const START_SESSION = `with spent as (
    update sign_in_nonces set consumed_at = now(), user_wallet = $2
    where nonce = $1 and consumed_at is null and expires_at > now()
    returning user_wallet
  ), account as (
    insert into accounts (user_wallet) select user_wallet from spent
    on conflict (user_wallet) do update set last_sign_in_at = now()
    returning user_wallet
  )
  insert into sessions (token_hash, user_wallet, expires_at)
  select $3, user_wallet, least($4::timestamptz, now() + make_interval(secs => $5)) from account
  returning user_wallet, created_at, expires_at, revoked_at`;

export const NONCE_STATE = `select consumed_at is not null as used, expires_at <= now() as expired
  from sign_in_nonces where nonce = $1`;

export const FIND_SESSION = `select user_wallet, created_at, expires_at, revoked_at, expires_at <= now() as expired
  from sessions where token_hash = $1`;

export const REVOKE_SESSION = `update sessions set revoked_at = now()
  where token_hash = $1 and revoked_at is null returning user_wallet`;

export const GET_ACCOUNT = 'select * from accounts where user_wallet = $1';

// Spent or expired nonces are useless; revoked sessions are kept a day so that a late call still
// hears "signed out" rather than "unknown".
export const DELETE_EXPIRED_NONCES = `with gone as (delete from sign_in_nonces where expires_at <= now() returning 1)
  select count(*)::int as count from gone`;
export const DELETE_EXPIRED_SESSIONS = `with gone as (
    delete from sessions where expires_at <= now() or revoked_at <= now() - interval '1 day' returning 1
  )
  select count(*)::int as count from gone`;
