// JSON schemas of the sign-in routes (/auth/*); see schemas.ts for the conventions.
import { genericErrorBody } from './schemas';

/** The longest sign-in message accepted (plan-service refuses longer ones as well). */
export const MAX_SIGN_IN_MESSAGE_LENGTH = 4096;

const success = { type: 'string', enum: ['success'] } as const;
const noError = { type: 'null', description: 'Always null on success.' } as const;
const expiresAt = { type: 'string', format: 'date-time', description: 'ISO 8601 with zone.' } as const;
const wallet = { type: 'string', description: 'The signed-in wallet, lowercase.' } as const;
const failures = { '4xx': genericErrorBody, '5xx': genericErrorBody } as const;

/** GET /auth/nonce */
export const nonceSchema = {
  summary: 'Get a sign-in nonce',
  description:
    'A single-use nonce for the Nonce line of the next EIP-4361 (Sign-In with Ethereum) message. It expires ' +
    'after 10 minutes.',
  tags: ['auth'],
  response: {
    200: {
      type: 'object',
      required: ['status', 'nonce', 'expires_at', 'error'],
      properties: { status: success, nonce: { type: 'string' }, expires_at: expiresAt, error: noError },
    },
    ...failures,
  },
} as const;

/** POST /auth/verify */
export const verifySchema = {
  summary: 'Sign in with a signed EIP-4361 message',
  description:
    'Verifies the message (domain, scheme, uri, chain id, nonce, validity window, issued-at within 5 minutes, ' +
    'signature) and opens a session: the token is returned and set as the HttpOnly cookie tp_session. A ' +
    'malformed message or signature is a 400; a well-formed one that fails a check is a 401 naming the check.',
  tags: ['auth'],
  body: {
    type: 'object',
    required: ['message', 'signature'],
    properties: {
      message: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_SIGN_IN_MESSAGE_LENGTH,
        description: 'The EIP-4361 message exactly as signed.',
      },
      signature: {
        type: 'string',
        minLength: 1,
        maxLength: 20_000,
        description: 'personal_sign signature, 0x-prefixed hex.',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'wallet', 'session_token', 'expires_at', 'error'],
      properties: {
        status: success,
        wallet,
        session_token: {
          type: 'string',
          description: 'Send as Authorization: Bearer <session_token> (or rely on the cookie). Shown once.',
        },
        expires_at: expiresAt,
        error: noError,
      },
    },
    ...failures,
  },
} as const;

/** GET /auth/session */
export const sessionSchema = {
  summary: 'The current session',
  description: 'The wallet of the session in the cookie or the bearer token; 401 without a valid session.',
  tags: ['auth'],
  response: {
    200: {
      type: 'object',
      required: ['status', 'wallet', 'expires_at', 'error'],
      properties: { status: success, wallet, expires_at: expiresAt, error: noError },
    },
    ...failures,
  },
} as const;

/** POST /auth/logout */
export const logoutSchema = {
  summary: 'Sign out',
  description: 'Revokes the session (it fails on the very next request) and clears the cookie.',
  tags: ['auth'],
  response: {
    200: {
      type: 'object',
      required: ['status', 'error'],
      properties: { status: success, error: noError },
    },
    ...failures,
  },
} as const;
