// Sign-In with Ethereum for tests: real keys (viem), real messages, and the attack list that the
// gRPC and REST suites both run.
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage, type SiweMessage } from 'viem/siwe';

/** A fresh wallet with a real private key. */
export function newSigner(): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey());
}

/** A message for `signer` with this server's defaults (localhost:3000, chain 1, issued now). */
export function siweMessage(
  signer: PrivateKeyAccount,
  nonce: string,
  overrides: Partial<SiweMessage> = {},
): string {
  return createSiweMessage({
    domain: 'localhost:3000',
    address: signer.address,
    statement: 'Sign in to Travel Planner',
    uri: 'http://localhost:3000/login',
    version: '1',
    chainId: 1,
    nonce,
    issuedAt: new Date(),
    ...overrides,
  });
}

/** A signed sign-in. */
export interface SignedMessage {
  message: string;
  signature: string;
}

/** Signs a default message (with `overrides`) by `signer`. */
export async function signedMessage(
  signer: PrivateKeyAccount,
  nonce: string,
  overrides: Partial<SiweMessage> = {},
): Promise<SignedMessage> {
  const message = siweMessage(signer, nonce, overrides);
  return { message, signature: await signer.signMessage({ message }) };
}

/** What an attack may use: a fresh nonce from the server, and a sign-in through the same path. */
export interface AttackKit {
  nonce(): Promise<string>;
  signIn(signed: SignedMessage): Promise<unknown>;
}

/** One hostile or broken sign-in, and how it must be refused. */
export interface SignInAttack {
  name: string;
  build(kit: AttackKit): Promise<SignedMessage>;
  /** INVALID_ARGUMENT (HTTP 400) for what cannot be read, UNAUTHENTICATED (401) for a failed check. */
  code: 'INVALID_ARGUMENT' | 'UNAUTHENTICATED';
  /** The refusal's message starts with this: the part or check that failed. */
  names: string;
}

const MINUTE = 60_000;
const signer = newSigner();
const other = newSigner();

/** The attack list of the sign-in feature; every entry must be refused and write nothing. */
export const SIGN_IN_ATTACKS: readonly SignInAttack[] = [
  {
    name: 'wrong domain',
    build: async (kit) => signedMessage(signer, await kit.nonce(), { domain: 'evil.example' }),
    code: 'UNAUTHENTICATED',
    names: 'domain:',
  },
  {
    name: 'wrong scheme',
    build: async (kit) => signedMessage(signer, await kit.nonce(), { scheme: 'ftp' }),
    code: 'UNAUTHENTICATED',
    names: 'scheme:',
  },
  {
    name: 'uri off the allowed domains',
    build: async (kit) => signedMessage(signer, await kit.nonce(), { uri: 'https://evil.example/login' }),
    code: 'UNAUTHENTICATED',
    names: 'uri:',
  },
  {
    name: 'wrong chain id',
    build: async (kit) => signedMessage(signer, await kit.nonce(), { chainId: 5 }),
    code: 'UNAUTHENTICATED',
    names: 'chain_id:',
  },
  {
    name: 'reused nonce',
    build: async (kit) => {
      const nonce = await kit.nonce();
      await kit.signIn(await signedMessage(signer, nonce));
      return signedMessage(signer, nonce);
    },
    code: 'UNAUTHENTICATED',
    names: 'nonce: was already used',
  },
  {
    name: 'nonce never issued',
    build: async () => signedMessage(signer, 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'),
    code: 'UNAUTHENTICATED',
    names: 'nonce: was not issued',
  },
  {
    name: 'expired message',
    build: async (kit) =>
      signedMessage(signer, await kit.nonce(), {
        issuedAt: new Date(Date.now() - 2 * MINUTE),
        expirationTime: new Date(Date.now() - MINUTE),
      }),
    code: 'UNAUTHENTICATED',
    names: 'expiration_time:',
  },
  {
    name: 'not-yet-valid message',
    build: async (kit) =>
      signedMessage(signer, await kit.nonce(), { notBefore: new Date(Date.now() + 10 * MINUTE) }),
    code: 'UNAUTHENTICATED',
    names: 'not_before:',
  },
  {
    name: 'issuedAt 6 minutes in the past',
    build: async (kit) =>
      signedMessage(signer, await kit.nonce(), { issuedAt: new Date(Date.now() - 6 * MINUTE) }),
    code: 'UNAUTHENTICATED',
    names: 'issued_at:',
  },
  {
    name: 'issuedAt 6 minutes in the future',
    build: async (kit) =>
      signedMessage(signer, await kit.nonce(), { issuedAt: new Date(Date.now() + 6 * MINUTE) }),
    code: 'UNAUTHENTICATED',
    names: 'issued_at:',
  },
  {
    name: 'tampered statement',
    build: async (kit) => {
      const signed = await signedMessage(signer, await kit.nonce());
      return {
        ...signed,
        message: signed.message.replace('Sign in to Travel Planner', 'Sign in to Travel Planner!'),
      };
    },
    code: 'UNAUTHENTICATED',
    names: 'signature:',
  },
  {
    name: 'signature by another key',
    build: async (kit) => {
      const message = siweMessage(signer, await kit.nonce());
      return { message, signature: await other.signMessage({ message }) };
    },
    code: 'UNAUTHENTICATED',
    names: 'signature:',
  },
  {
    name: 'malformed message',
    build: async () => ({
      message: 'please let me in',
      signature: await signer.signMessage({ message: 'x' }),
    }),
    code: 'INVALID_ARGUMENT',
    names: 'message:',
  },
  {
    name: 'truncated message',
    build: async (kit) => {
      const message = siweMessage(signer, await kit.nonce())
        .split('\n')
        .slice(0, -2)
        .join('\n');
      return { message, signature: await signer.signMessage({ message }) };
    },
    code: 'INVALID_ARGUMENT',
    names: 'message:',
  },
  {
    name: 'message with an extra line',
    build: async (kit) => {
      const message = `${siweMessage(signer, await kit.nonce())}\nAdmin: true`;
      return { message, signature: await signer.signMessage({ message }) };
    },
    code: 'INVALID_ARGUMENT',
    names: 'message:',
  },
  {
    name: 'malformed signature',
    build: async (kit) => ({ message: siweMessage(signer, await kit.nonce()), signature: '0x1234' }),
    code: 'INVALID_ARGUMENT',
    names: 'signature:',
  },
];
