import type { PlanStore } from '@travel-planner/plan-store';
import { CallRejectedError } from '../errors';
import type {
  CreateNonceRequest,
  CreateNonceResponse,
  GetSessionRequest,
  GetSessionResponse,
  SignInRequest,
  SignInResponse,
  SignOutRequest,
  SignOutResponse,
} from '../gen/travel/auth/v1/auth_service';
import type { UnaryHandler } from '../unary';
import type { AuthOptions } from './auth-options';
import type { SiweVerifier } from './siwe-verifier';

/** The logic of each AuthService RPC. Each one returns its response or throws; see `unary`. */
export interface AuthServiceHandlers {
  createNonce: UnaryHandler<CreateNonceRequest, CreateNonceResponse>;
  signIn: UnaryHandler<SignInRequest, SignInResponse>;
  getSession: UnaryHandler<GetSessionRequest, GetSessionResponse>;
  signOut: UnaryHandler<SignOutRequest, SignOutResponse>;
}

/**
 * Creates the AuthService handlers. GetSession and SignOut are registered with a required
 * session, so `context.session` is set when they run.
 */
export function createAuthServiceHandlers(
  store: PlanStore,
  verifier: SiweVerifier,
  options: Pick<AuthOptions, 'sessionTtlS'>,
): AuthServiceHandlers {
  return {
    async createNonce() {
      const { nonce, expiresAt } = await store.accounts.issueNonce();
      return { nonce, expireTime: expiresAt };
    },

    async signIn(request) {
      // Every check that needs no database runs first: a refused message spends no nonce.
      const verified = await verifier.verify(request.message, request.signature);
      const session = await store.accounts.startSession({
        nonce: verified.nonce,
        wallet: verified.wallet,
        ttlSeconds: options.sessionTtlS,
        ...(verified.expirationTime === undefined ? {} : { notAfter: verified.expirationTime }),
      });
      return { sessionToken: session.token, wallet: session.wallet, expireTime: session.expiresAt };
    },

    async getSession(_request, context) {
      if (!context.session) throw CallRejectedError.sessionRequired();
      return { wallet: context.session.wallet, expireTime: context.session.expiresAt };
    },

    async signOut(_request, context) {
      if (!context.session || context.sessionToken === undefined) throw CallRejectedError.sessionRequired();
      await store.accounts.revokeSession(context.sessionToken);
      return {};
    },
  };
}
