import { describe, expect, it } from 'vitest';
import { newSigner, signedMessage, siweMessage } from '../../../../test/support/siwe';
import { SignInError } from './sign-in-error';
import { createSiweVerifier, MAX_ISSUED_AT_SKEW_MS } from './siwe-verifier';

const NONCE = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const verifier = createSiweVerifier({ domains: ['localhost:3000', 'app.example.com'], chainIds: [1, 10] });
const signer = newSigner();

async function refusal(message: string, signature: string): Promise<SignInError> {
  const err = await verifier.verify(message, signature).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SignInError);
  return err as SignInError;
}

describe(createSiweVerifier.name, () => {
  it('accepts a message signed by its address and returns the wallet lowercase and the nonce', async () => {
    const expirationTime = new Date(Date.now() + 60_000);
    const { message, signature } = await signedMessage(signer, NONCE, { expirationTime });
    await expect(verifier.verify(message, signature)).resolves.toEqual({
      wallet: signer.address.toLowerCase(),
      nonce: NONCE,
      expirationTime,
    });
  });

  it('accepts an https origin on another allowed domain and chain', async () => {
    const signed = await signedMessage(signer, NONCE, {
      scheme: 'https',
      domain: 'app.example.com',
      uri: 'https://app.example.com/',
      chainId: 10,
    });
    await expect(verifier.verify(signed.message, signed.signature)).resolves.toMatchObject({ nonce: NONCE });
  });

  it('accepts an address that differs from the signer only in letter case', async () => {
    const message = siweMessage(signer, NONCE).replace(signer.address, signer.address.toLowerCase());
    expect(message).toContain(signer.address.toLowerCase());
    const signature = await signer.signMessage({ message });
    await expect(verifier.verify(message, signature)).resolves.toMatchObject({
      wallet: signer.address.toLowerCase(),
    });
  });

  it('accepts times written without milliseconds', async () => {
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const message = siweMessage(signer, NONCE, { issuedAt }).replace(
      issuedAt.toISOString(),
      issuedAt.toISOString().replace('.000Z', 'Z'),
    );
    const signature = await signer.signMessage({ message });
    await expect(verifier.verify(message, signature)).resolves.toMatchObject({ nonce: NONCE });
  });

  it('refuses plain http for a domain that is not the local machine', async () => {
    const signed = await signedMessage(signer, NONCE, {
      scheme: 'http',
      domain: 'app.example.com',
      uri: 'https://app.example.com/',
    });
    expect((await refusal(signed.message, signed.signature)).check).toBe('scheme');
    const viaUri = await signedMessage(signer, NONCE, {
      domain: 'app.example.com',
      uri: 'http://app.example.com/',
    });
    expect((await refusal(viaUri.message, viaUri.signature)).check).toBe('uri');
  });

  it('refuses a mixed-case address with a wrong checksum as malformed', async () => {
    const wrongCase = signer.address.replace(/[a-f]/, (c) => c.toUpperCase());
    const message = siweMessage(signer, NONCE).replace(signer.address, wrongCase);
    const err = await refusal(message, await signer.signMessage({ message }));
    expect(err).toMatchObject({ code: 'SIGN_IN_MALFORMED', check: 'message' });
  });

  it('allows issuedAt skew up to 5 minutes and no further, with an injected clock', async () => {
    const issuedAt = new Date('2026-01-01T00:00:00.000Z');
    const signed = await signedMessage(signer, NONCE, { issuedAt });
    const at = (ms: number) =>
      createSiweVerifier({
        domains: ['localhost:3000'],
        chainIds: [1],
        now: () => new Date(issuedAt.getTime() + ms),
      });
    await expect(at(MAX_ISSUED_AT_SKEW_MS).verify(signed.message, signed.signature)).resolves.toBeDefined();
    await expect(at(-MAX_ISSUED_AT_SKEW_MS).verify(signed.message, signed.signature)).resolves.toBeDefined();
    await expect(
      at(MAX_ISSUED_AT_SKEW_MS + 1).verify(signed.message, signed.signature),
    ).rejects.toMatchObject({ check: 'issued_at' });
  });

  it('refuses a 65-byte signature that is not a point on the curve', async () => {
    const message = siweMessage(signer, NONCE);
    const err = await refusal(message, `0x${'f'.repeat(128)}1b`);
    expect(err).toMatchObject({ code: 'SIGN_IN_REJECTED', check: 'signature' });
  });

  it('never echoes the caller’s values in its messages', async () => {
    const signed = await signedMessage(signer, NONCE, { domain: 'attacker-controlled.example' });
    expect((await refusal(signed.message, signed.signature)).message).not.toContain('attacker');
  });

  it('refuses missing and oversized input as malformed', async () => {
    expect((await refusal('', '0x')).check).toBe('message');
    expect((await refusal('x'.repeat(5000), '0x')).code).toBe('SIGN_IN_MALFORMED');
    expect((await refusal(undefined as unknown as string, '0x')).code).toBe('SIGN_IN_MALFORMED');
  });
});
