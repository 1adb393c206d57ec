import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createBearerCheck } from './auth';

const withAuthorization = (value?: string) => {
  const metadata = new Metadata();
  if (value !== undefined) metadata.set('authorization', value);
  return metadata;
};

describe(createBearerCheck.name, () => {
  const check = createBearerCheck('s3cret-token');

  it('accepts the right token, with any case of the scheme', () => {
    expect(check(withAuthorization('Bearer s3cret-token'))).toBe(true);
    expect(check(withAuthorization('bearer s3cret-token'))).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer s3cret-tokeN'],
    ['a prefix of the token', 'Bearer s3cret'],
    ['the token without scheme', 's3cret-token'],
    ['another scheme', 'Basic s3cret-token'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', (_case, value) => {
    expect(check(withAuthorization(value))).toBe(false);
  });
});
