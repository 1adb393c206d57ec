import { walletProblem } from '@travel-planner/plan-store';
import { createPublicClient, type Hex, http, recoverMessageAddress } from 'viem';
import { createSiweMessage, parseSiweMessage, type SiweMessage } from 'viem/siwe';
import { SignInError } from './sign-in-error';

/** What a verified sign-in message proves. */
export interface VerifiedSignIn {
  /** The signer, lowercase. */
  wallet: string;
  /** The message's nonce, still to be spent against the store. */
  nonce: string;
  /** The message's `Expiration Time`, when it has one: the session must not outlive it. */
  expirationTime?: Date;
}

/** Options of {@link createSiweVerifier}. */
export interface SiweVerifierOptions {
  /** Allowed `domain` authorities, lowercase; `uri` must name one of them too. */
  domains: readonly string[];
  /** Allowed chain ids. */
  chainIds: readonly number[];
  /** JSON-RPC endpoint for contract-wallet signatures (ERC-1271/6492); unset: EOA recovery only, offline. */
  rpcUrl?: string;
  /** The clock; default `() => new Date()`. */
  now?: () => Date;
}

/** Checks signed EIP-4361 messages. */
export interface SiweVerifier {
  /** Resolves with what the message proves, or throws `SignInError` naming what failed. */
  verify(message: string, signature: string): Promise<VerifiedSignIn>;
}

/** How far `Issued At` may be from the server's clock. */
export const MAX_ISSUED_AT_SKEW_MS = 5 * 60_000;
// Far beyond any real message; bounds the parsing work a caller can ask for.
const MAX_MESSAGE_LENGTH = 4096;
// An EOA signature: r, s and v, 65 bytes. Contract wallets (with an RPC) may send longer ones.
const EOA_SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
const ANY_SIGNATURE = /^0x(?:[0-9a-fA-F]{2}){65,4096}$/;
const REQUIRED_FIELDS = ['domain', 'address', 'uri', 'version', 'chainId', 'nonce', 'issuedAt'] as const;
const TIME_LINES = ['Issued At: ', 'Expiration Time: ', 'Not Before: '];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const hostOf = (authority: string) => authority.replace(/:\d+$/, '');

// Plain http is only acceptable where nothing can listen in: the local machine.
function schemeAllowed(scheme: string, authority: string): boolean {
  return scheme === 'https' || (scheme === 'http' && LOOPBACK_HOSTS.has(hostOf(authority)));
}

/**
 * viem's parser is lenient (unanchored patterns, missing fields left out), so the message must
 * also be exactly what viem would write for the parsed fields: same lines in the same order.
 * Two liberties are left: the address's letter case (checked separately) and how a time is
 * spelled (any RFC 3339 form that parsed).
 */
function parseStrictly(message: string): SiweMessage {
  if (message.length === 0 || message.length > MAX_MESSAGE_LENGTH)
    throw SignInError.malformed(
      'message',
      `must be an EIP-4361 message of 1 to ${MAX_MESSAGE_LENGTH} characters`,
    );
  const parsed = parseSiweMessage(message);
  const missing = REQUIRED_FIELDS.find((field) => parsed[field] === undefined);
  if (missing !== undefined)
    throw SignInError.malformed('message', `is not an EIP-4361 message: no valid ${missing} line`);
  for (const field of ['issuedAt', 'expirationTime', 'notBefore'] as const) {
    if (parsed[field] !== undefined && Number.isNaN(parsed[field].getTime()))
      throw SignInError.malformed('message', `${field} is not an RFC 3339 date-time`);
  }
  const addressProblem = walletProblem(parsed.address!);
  if (addressProblem !== undefined) throw SignInError.malformed('message', `address ${addressProblem}`);
  const fields = parsed as SiweMessage;
  let rebuilt: string;
  try {
    rebuilt = createSiweMessage(fields);
  } catch (err) {
    const field = (err as { field?: unknown }).field;
    throw SignInError.malformed('message', `has an invalid ${typeof field === 'string' ? field : 'field'}`);
  }
  const expected = rebuilt.split('\n');
  const actual = message.split('\n');
  const sameLine = (want: string, got: string | undefined, index: number) => {
    if (got === undefined) return false;
    if (index === 1) return want.toLowerCase() === got.toLowerCase();
    const timeLabel = TIME_LINES.find((label) => want.startsWith(label));
    return timeLabel ? got.startsWith(timeLabel) : want === got;
  };
  if (expected.length !== actual.length || !expected.every((line, i) => sameLine(line, actual[i], i)))
    throw SignInError.malformed('message', 'is not a well-formed EIP-4361 message');
  return fields;
}

/** The checks of DESIGN's list that viem leaves to the caller, plus expiry, in a fixed order. */
function checkFields(fields: SiweMessage, options: SiweVerifierOptions, now: Date): void {
  const domain = fields.domain.toLowerCase();
  if (!options.domains.includes(domain))
    throw SignInError.rejected('domain', 'is not a domain this server accepts sign-ins for');
  if (fields.scheme !== undefined && !schemeAllowed(fields.scheme.toLowerCase(), domain))
    throw SignInError.rejected('scheme', 'must be https (http only for localhost)');
  let uri: URL;
  try {
    uri = new URL(fields.uri);
  } catch {
    throw SignInError.rejected('uri', 'is not an absolute URL');
  }
  if (!schemeAllowed(uri.protocol.slice(0, -1), uri.host) || !options.domains.includes(uri.host))
    throw SignInError.rejected('uri', 'must be an https (or local http) URL on an accepted domain');
  if (!options.chainIds.includes(fields.chainId))
    throw SignInError.rejected('chain_id', 'is not a chain this server accepts sign-ins for');
  if (fields.expirationTime !== undefined && now >= fields.expirationTime)
    throw SignInError.rejected('expiration_time', 'the message has expired');
  if (fields.notBefore !== undefined && now < fields.notBefore)
    throw SignInError.rejected('not_before', 'the message is not valid yet');
  if (Math.abs(now.getTime() - fields.issuedAt!.getTime()) > MAX_ISSUED_AT_SKEW_MS)
    throw SignInError.rejected('issued_at', 'must be within 5 minutes of the server time');
}

/**
 * Creates a verifier of Sign-In with Ethereum messages. A message passes when it parses strictly,
 * names an accepted domain, scheme, URI and chain, is inside its validity window, was issued
 * within 5 minutes of now, and its signature recovers to its address. Without `rpcUrl` the
 * signature is recovered offline (EIP-191); with it, viem's `verifyMessage` also accepts
 * ERC-1271 and ERC-6492 contract wallets. The nonce is checked by the caller, against the store.
 */
export function createSiweVerifier(options: SiweVerifierOptions): SiweVerifier {
  const now = options.now ?? (() => new Date());
  const rpc =
    options.rpcUrl === undefined ? undefined : createPublicClient({ transport: http(options.rpcUrl) });

  async function signedBy(message: string, signature: Hex, address: Hex): Promise<boolean> {
    if (rpc) return rpc.verifyMessage({ address, message, signature });
    try {
      const signer = await recoverMessageAddress({ message, signature });
      return signer.toLowerCase() === address.toLowerCase();
    } catch {
      // r or s outside the curve order, or a bad recovery id: no key signed this.
      return false;
    }
  }

  return {
    async verify(message, signature) {
      if (typeof message !== 'string' || typeof signature !== 'string')
        throw SignInError.malformed('message', 'message and signature are required');
      const fields = parseStrictly(message);
      if (!(rpc ? ANY_SIGNATURE : EOA_SIGNATURE).test(signature))
        throw SignInError.malformed('signature', 'must be 0x followed by 130 hexadecimal digits (65 bytes)');
      checkFields(fields, options, now());
      if (!(await signedBy(message, signature as Hex, fields.address)))
        throw SignInError.rejected('signature', "was not made by the message's address");
      return {
        wallet: fields.address.toLowerCase(),
        nonce: fields.nonce,
        ...(fields.expirationTime === undefined ? {} : { expirationTime: fields.expirationTime }),
      };
    },
  };
}
