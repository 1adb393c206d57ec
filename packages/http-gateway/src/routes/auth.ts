import type { FastifyPluginAsync } from 'fastify';
import { logoutSchema, nonceSchema, sessionSchema, verifySchema } from '../auth-schemas';
import { clearSessionCookie, setSessionCookie } from '../plugins/session';
import { allowOnly } from './method-not-allowed';

interface VerifyBody {
  message: string;
  signature: string;
}

// Answers that carry nonces or tokens must not be kept by a cache.
const NO_STORE = 'no-store';

const isoOrNull = (time: Date | undefined) => time?.toISOString() ?? null;

/**
 * The sign-in endpoints over plan-service's AuthService: `GET /auth/nonce`, `POST /auth/verify`
 * (token in the body and the `tp_session` cookie), `GET /auth/session` and `POST /auth/logout`.
 * Failures are thrown and answered by the gateway's error handler (400, 401 naming the check).
 */
export const authRoutes: FastifyPluginAsync = async (app) => {
  app.get('/auth/nonce', { schema: nonceSchema }, async (request, reply) => {
    const { nonce, expireTime } = await app.planService.createNonce({}, app.planCallOptions(request));
    reply.header('cache-control', NO_STORE);
    return { status: 'success', nonce, expires_at: isoOrNull(expireTime), error: null };
  });
  allowOnly(app, '/auth/nonce', ['GET'], 'generic');

  app.post<{ Body: VerifyBody }>('/auth/verify', { schema: verifySchema }, async (request, reply) => {
    const { message, signature } = request.body;
    // A stale session the browser still holds must not get in the way of a new sign-in.
    const { sessionToken: _ignored, ...options } = app.planCallOptions(request);
    const session = await app.planService.signIn({ message, signature }, options);
    if (session.expireTime) setSessionCookie(request, reply, session.sessionToken, session.expireTime);
    reply.header('cache-control', NO_STORE);
    return {
      status: 'success',
      wallet: session.wallet,
      session_token: session.sessionToken,
      expires_at: isoOrNull(session.expireTime),
      error: null,
    };
  });
  allowOnly(app, '/auth/verify', ['POST'], 'generic');

  app.get('/auth/session', { schema: sessionSchema }, async (request, reply) => {
    const { wallet, expireTime } = await app.planService.getSession({}, app.planCallOptions(request));
    reply.header('cache-control', NO_STORE);
    return { status: 'success', wallet, expires_at: isoOrNull(expireTime), error: null };
  });
  allowOnly(app, '/auth/session', ['GET'], 'generic');

  app.post('/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    await app.planService.signOut({}, app.planCallOptions(request));
    clearSessionCookie(request, reply);
    return { status: 'success', error: null };
  });
  allowOnly(app, '/auth/logout', ['POST'], 'generic');
};
