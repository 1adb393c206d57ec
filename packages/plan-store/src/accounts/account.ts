/** A wallet that has signed in at least once. */
export interface Account {
  /** Lowercase `0x` + 40 hex digits. */
  wallet: string;
  /** The first sign-in. */
  createdAt: Date;
  /** The latest sign-in. */
  lastSignInAt: Date;
}

/** A nonce handed out for a sign-in message: single use, valid until `expiresAt`. */
export interface SignInNonce {
  /** 32 alphanumeric characters (128 random bits). */
  nonce: string;
  expiresAt: Date;
}

/** A valid sign-in session. */
export interface Session {
  /** The signed-in wallet, lowercase. */
  wallet: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A session just opened, with its token: the only time the token exists outside the client. */
export interface StartedSession extends Session {
  /** The bearer secret (43 base64url characters, 256 random bits); the database keeps only its SHA-256. */
  token: string;
}

/** @internal */
export interface AccountRow {
  user_wallet: string;
  created_at: Date;
  last_sign_in_at: Date;
}

/** @internal */
export interface SessionRow {
  user_wallet: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

/** @internal */
export function toAccount(row: AccountRow): Account {
  return { wallet: row.user_wallet, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at };
}

/** @internal */
export function toSession(row: SessionRow): Session {
  return { wallet: row.user_wallet, createdAt: row.created_at, expiresAt: row.expires_at };
}
