import { describe, expect, it } from 'vitest';
import { clientConfigFromEnv } from './client-env-config';

describe(clientConfigFromEnv.name, () => {
  it('dials the default address without a token in an empty environment', () => {
    expect(clientConfigFromEnv({})).toEqual({ address: '127.0.0.1:50051' });
  });

  it('reads the address and token the server reads, and treats empty values as unset', () => {
    expect(
      clientConfigFromEnv({ PLAN_SERVICE_ADDR: 'plan-service:6000', PLAN_SERVICE_TOKEN: 'tok' }),
    ).toEqual({
      address: 'plan-service:6000',
      token: 'tok',
    });
    expect(clientConfigFromEnv({ PLAN_SERVICE_ADDR: '', PLAN_SERVICE_TOKEN: '' })).toEqual({
      address: '127.0.0.1:50051',
    });
  });
});
