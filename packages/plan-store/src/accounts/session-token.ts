import { createHash, randomBytes } from 'node:crypto';

// 256 bits: far beyond guessing, and base64url keeps it safe in a cookie or a header.
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new random session token. @internal */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether `token` has the shape of one this store issues; anything else is never looked up. @internal */
export function isSessionTokenFormat(token: string): boolean {
  return TOKEN_FORMAT.test(token);
}

/** What the database keeps of a token: its SHA-256. A fast hash suffices for 256 random bits. @internal */
export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new random nonce: 128 bits as 32 hex digits, which EIP-4361's alphanumeric rule allows. @internal */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}
