import { describe, expect, it } from 'vitest';
import { hostOf, serviceConfigFromEnv, serviceOptionsFromConfig } from './env-config';
import { PlanServiceConfigError } from './errors';

describe(serviceConfigFromEnv.name, () => {
  it('has defaults for an empty environment', () => {
    expect(serviceConfigFromEnv({})).toEqual({ address: '127.0.0.1:50051', logLevel: 'info', auth: {} });
  });

  it('reads every variable', () => {
    expect(
      serviceConfigFromEnv({
        PLAN_SERVICE_ADDR: '0.0.0.0:6000',
        PLAN_SERVICE_TOKEN: 'tok',
        PLAN_SERVICE_TLS_CERT: '/tls/cert.pem',
        PLAN_SERVICE_TLS_KEY: '/tls/key.pem',
        PLAN_SERVICE_TLS_CA: '/tls/ca.pem',
        PLAN_SERVICE_TLS_CLIENT_AUTH: 'true',
        PLAN_SERVICE_METRICS_PORT: '9464',
        LOG_LEVEL: 'warn',
        PLAN_ORIGIN_AIRPORT: 'LHR',
        AUTH_MODE: 'required',
        AUTH_DOMAINS: 'App.Example.com, localhost:3000',
        AUTH_CHAIN_IDS: '1,10',
        AUTH_SESSION_TTL_S: '3600',
        AUTH_RPC_URL: 'https://rpc.example.com/v1',
      }),
    ).toEqual({
      address: '0.0.0.0:6000',
      token: 'tok',
      tls: {
        certFile: '/tls/cert.pem',
        keyFile: '/tls/key.pem',
        caFile: '/tls/ca.pem',
        requireClientCert: true,
      },
      metricsPort: 9464,
      logLevel: 'warn',
      originAirport: 'LHR',
      auth: {
        mode: 'required',
        domains: ['app.example.com', 'localhost:3000'],
        chainIds: [1, 10],
        sessionTtlS: 3600,
        rpcUrl: 'https://rpc.example.com/v1',
      },
    });
  });

  it('treats empty variables as unset', () => {
    expect(
      serviceConfigFromEnv({ PLAN_SERVICE_TOKEN: '', PLAN_SERVICE_METRICS_PORT: '', AUTH_MODE: '' }),
    ).toEqual({
      address: '127.0.0.1:50051',
      logLevel: 'info',
      auth: {},
    });
  });

  it.each([
    [{ PLAN_SERVICE_TLS_CERT: '/c.pem' }, 'PLAN_SERVICE_TLS_KEY'],
    [{ PLAN_SERVICE_TLS_KEY: '/k.pem' }, 'PLAN_SERVICE_TLS_CERT'],
    [
      { PLAN_SERVICE_TLS_CERT: '/c', PLAN_SERVICE_TLS_KEY: '/k', PLAN_SERVICE_TLS_CLIENT_AUTH: 'yes' },
      'PLAN_SERVICE_TLS_CLIENT_AUTH',
    ],
    [{ PLAN_SERVICE_TLS_CLIENT_AUTH: 'maybe' }, 'PLAN_SERVICE_TLS_CLIENT_AUTH'],
    [{ PLAN_SERVICE_METRICS_PORT: '70000' }, 'PLAN_SERVICE_METRICS_PORT'],
    [{ PLAN_SERVICE_METRICS_PORT: 'nine' }, 'PLAN_SERVICE_METRICS_PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ AUTH_MODE: 'sometimes' }, 'AUTH_MODE'],
    [{ AUTH_DOMAINS: 'https://app.example.com' }, 'AUTH_DOMAINS'],
    [{ AUTH_DOMAINS: ' , ' }, 'AUTH_DOMAINS'],
    [{ AUTH_CHAIN_IDS: '1,mainnet' }, 'AUTH_CHAIN_IDS'],
    [{ AUTH_CHAIN_IDS: '0' }, 'AUTH_CHAIN_IDS'],
    [{ AUTH_SESSION_TTL_S: '-5' }, 'AUTH_SESSION_TTL_S'],
    [{ AUTH_RPC_URL: 'ws://node' }, 'AUTH_RPC_URL'],
  ])('refuses %j naming %s', (env, setting) => {
    try {
      serviceConfigFromEnv(env);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlanServiceConfigError);
      expect((err as PlanServiceConfigError).setting).toBe(setting);
    }
  });

  it('never echoes a value in its errors', () => {
    expect(() => serviceConfigFromEnv({ PLAN_SERVICE_METRICS_PORT: 'secret-value' })).toThrow(
      /^PLAN_SERVICE_METRICS_PORT: must be a port number/,
    );
    expect(() => serviceConfigFromEnv({ PLAN_SERVICE_METRICS_PORT: 'secret-value' })).not.toThrow(/secret/);
  });
});

describe(hostOf.name, () => {
  it.each([
    ['127.0.0.1:50051', '127.0.0.1'],
    ['0.0.0.0:1', '0.0.0.0'],
    ['[::]:50051', '::'],
    ['plan-service:50051', 'plan-service'],
    ['unix:/tmp/plan.sock', '127.0.0.1'],
  ])('%s → %s', (address, host) => {
    expect(hostOf(address)).toBe(host);
  });
});

describe(serviceOptionsFromConfig.name, () => {
  it('builds the server options the settings stand for', async () => {
    const options = serviceOptionsFromConfig(
      serviceConfigFromEnv({
        PLAN_SERVICE_TOKEN: 'tok',
        LOG_LEVEL: 'warn',
        PLAN_ORIGIN_AIRPORT: 'LHR',
        AUTH_MODE: 'required',
      }),
    );
    expect(options.token).toBe('tok');
    expect(options.auth).toEqual({ mode: 'required' });
    expect(options.logger?.level).toBe('warn');
    expect(options.tls).toBeUndefined();
    const plan = await options.generator!.generate({ destination: 'Paris', budget: 3000 });
    expect(plan.origin).toBe('LHR');
  });

  it('names the TLS variable whose file cannot be read, never the path', () => {
    const config = serviceConfigFromEnv({
      PLAN_SERVICE_TLS_CERT: '/nonexistent/secret-cert.pem',
      PLAN_SERVICE_TLS_KEY: '/nonexistent/secret-key.pem',
    });
    const error = (() => {
      try {
        serviceOptionsFromConfig(config);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(PlanServiceConfigError);
    expect(error?.message).toMatch(/^PLAN_SERVICE_TLS_CERT: names a file/);
    expect(error?.message).not.toContain('secret');
  });
});
