import { describe, expect, it } from 'vitest';
import { corsOriginMatchers, DEFAULT_CORS_ORIGINS } from './cors-origins';

function allows(origins: readonly string[], origin: string): boolean {
  return corsOriginMatchers(origins).some((matcher) =>
    typeof matcher === 'string' ? matcher === origin : matcher.test(origin),
  );
}

describe(corsOriginMatchers.name, () => {
  it('allows every port of the two loopback names by default, and nothing else', () => {
    for (const origin of [
      'http://localhost:3000',
      'http://localhost:3001',
      'http://localhost:5173',
      'http://127.0.0.1:8080',
      'http://localhost',
    ]) {
      expect(allows(DEFAULT_CORS_ORIGINS, origin), origin).toBe(true);
    }
    for (const origin of [
      'https://evil.example',
      'http://localhost.evil.example:3000',
      'http://evil.example/http://localhost:3000',
      'http://127.0.0.1.nip.io:3000',
      'http://localhost:3000.evil.example',
      'https://localhost:3000',
      'http://0.0.0.0:3000',
      'null',
    ]) {
      expect(allows(DEFAULT_CORS_ORIGINS, origin), origin).toBe(false);
    }
  });

  it('keeps exact origins exact', () => {
    expect(allows(['https://app.example.com'], 'https://app.example.com')).toBe(true);
    expect(allows(['https://app.example.com'], 'https://app.example.com:8443')).toBe(false);
  });

  it('refuses entries that are not origins', () => {
    expect(() => corsOriginMatchers(['http://*.example.com'])).toThrow(RangeError);
    expect(() => corsOriginMatchers(['localhost:3000'])).toThrow(/is not an origin/);
  });
});
