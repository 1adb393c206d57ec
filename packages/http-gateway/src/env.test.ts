import { describe, expect, it } from 'vitest';
import { DEFAULT_CORS_ORIGINS } from './cors-origins';
import { GatewayConfigError, gatewayConfigFromEnv, gatewayOptionsFromConfig } from './env';

describe(gatewayConfigFromEnv.name, () => {
  it('has the documented defaults', () => {
    expect(gatewayConfigFromEnv({})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      planServiceAddr: '127.0.0.1:50051',
      planServiceToken: undefined,
      corsOrigins: DEFAULT_CORS_ORIGINS,
      requestTimeoutMs: 5000,
      rateLimitPerMinute: undefined,
      logLevel: 'info',
      authMode: 'optional',
    });
  });

  it('reads every variable', () => {
    expect(
      gatewayConfigFromEnv({
        PORT: '9000',
        HOST: '0.0.0.0',
        PLAN_SERVICE_ADDR: 'plan-service:50051',
        PLAN_SERVICE_TOKEN: 's3cret',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:3000, http://10.0.0.5:*',
        GATEWAY_REQUEST_TIMEOUT_MS: '2500',
        GATEWAY_RATE_LIMIT: '600',
        LOG_LEVEL: 'warn',
        AUTH_MODE: 'Required',
      }),
    ).toEqual({
      port: 9000,
      host: '0.0.0.0',
      planServiceAddr: 'plan-service:50051',
      planServiceToken: 's3cret',
      corsOrigins: ['https://app.example.com', 'http://localhost:3000', 'http://10.0.0.5:*'],
      requestTimeoutMs: 2500,
      rateLimitPerMinute: 600,
      logLevel: 'warn',
      authMode: 'required',
    });
  });

  it('names the variable at fault and never echoes its value', () => {
    const cases: Record<string, string>[] = [
      { PORT: 'eighty' },
      { PORT: '70000' },
      { GATEWAY_REQUEST_TIMEOUT_MS: 'soon' },
      { GATEWAY_RATE_LIMIT: 'lots' },
      { CORS_ORIGINS: 'not a url' },
      { CORS_ORIGINS: 'http://*.example.com' },
      { CORS_ORIGINS: 'http://localhost:3000/app' },
      { LOG_LEVEL: 'loud' },
      { AUTH_MODE: 'sometimes' },
    ];
    for (const env of cases) {
      const [name, value] = Object.entries(env)[0]!;
      const error = (() => {
        try {
          gatewayConfigFromEnv(env);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(GatewayConfigError);
      expect((error as GatewayConfigError).variable).toBe(name);
      expect((error as Error).message).not.toContain(value);
    }
  });
});

describe(gatewayOptionsFromConfig.name, () => {
  it('turns the configuration into client and gateway options', () => {
    const config = gatewayConfigFromEnv({
      PLAN_SERVICE_ADDR: 'plan-service:50051',
      PLAN_SERVICE_TOKEN: 'tok',
      GATEWAY_REQUEST_TIMEOUT_MS: '2500',
      GATEWAY_RATE_LIMIT: '600',
      CORS_ORIGINS: 'https://app.example.com',
      AUTH_MODE: 'required',
    });
    const { client, gateway } = gatewayOptionsFromConfig(config);
    expect(client).toEqual({ address: 'plan-service:50051', token: 'tok', defaultTimeoutMs: 2500 });
    expect(gateway).toMatchObject({
      corsOrigins: ['https://app.example.com'],
      requestTimeoutMs: 2500,
      rateLimit: { max: 600, timeWindowMs: 60_000 },
      logger: { level: 'info' },
      authMode: 'required',
    });
    expect(gatewayOptionsFromConfig(gatewayConfigFromEnv({})).gateway.rateLimit).toBe(false);
  });
});
