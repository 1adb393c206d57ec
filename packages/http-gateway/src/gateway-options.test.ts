import type { PlanServiceClient } from '@travel-planner/plan-service/client';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORS_ORIGINS } from './cors-origins';
import { GATEWAY_DEFAULTS, type GatewayOptions, resolveGatewayOptions } from './gateway-options';

// Resolving options never calls the client.
const planService = {} as PlanServiceClient;

function resolve(options: Partial<GatewayOptions>) {
  return resolveGatewayOptions({ planService, ...options });
}

describe(resolveGatewayOptions.name, () => {
  it('fills in the documented defaults', () => {
    const settings = resolve({});
    expect(settings).toMatchObject({
      planService,
      corsOrigins: DEFAULT_CORS_ORIGINS,
      bodyLimitBytes: GATEWAY_DEFAULTS.bodyLimitBytes,
      requestTimeoutMs: GATEWAY_DEFAULTS.requestTimeoutMs,
      returnTripMs: GATEWAY_DEFAULTS.returnTripMs,
      rateLimit: false,
      version: GATEWAY_DEFAULTS.version,
      serverTimeouts: GATEWAY_DEFAULTS.serverTimeouts,
      authMode: 'optional',
      trustProxy: false,
      health: { checkTimeoutMs: 2_000, reuseMs: 100 },
    });
    expect(settings.logger).toMatchObject({ level: 'info' });
    expect(settings.metrics).toBeInstanceOf(Registry);
  });

  it('keeps what the caller chose', () => {
    const registry = new Registry();
    const settings = resolve({
      logger: false,
      metrics: registry,
      requestTimeoutMs: 500,
      returnTripMs: 0,
      rateLimit: { max: 10, timeWindowMs: 1_000 },
      serverTimeouts: { keepAliveTimeoutMs: 1_000 },
    });
    expect(settings.logger).toBe(false);
    expect(settings.metrics).toBe(registry);
    expect(settings.health.checkTimeoutMs).toBe(500);
    expect(settings.returnTripMs).toBe(0);
    expect(settings.rateLimit).toEqual({ max: 10, timeWindowMs: 1_000 });
    expect(settings.serverTimeouts).toEqual({
      ...GATEWAY_DEFAULTS.serverTimeouts,
      keepAliveTimeoutMs: 1_000,
    });
    expect(resolve({ metrics: false }).metrics).toBe(false);
  });

  it.each([
    [{ bodyLimitBytes: 0 }, 'bodyLimitBytes must be a positive number'],
    [{ requestTimeoutMs: Number.NaN }, 'requestTimeoutMs must be a positive number'],
    [
      { serverTimeouts: { connectionTimeoutMs: -1 } },
      'serverTimeouts.connectionTimeoutMs must be a positive number',
    ],
    [
      { serverTimeouts: { headersTimeoutMs: 20_000 } },
      'serverTimeouts.headersTimeoutMs must not exceed serverTimeouts.requestReceiveTimeoutMs',
    ],
    [{ returnTripMs: -1 }, 'returnTripMs must be a number of milliseconds, 0 or more'],
    [{ rateLimit: { max: 0, timeWindowMs: 1_000 } }, 'rateLimit.max must be a positive number'],
    [
      { rateLimit: { max: 1, timeWindowMs: Number.POSITIVE_INFINITY } },
      'rateLimit.timeWindowMs must be a positive number',
    ],
  ] satisfies Array<[Partial<GatewayOptions>, string]>)(
    'refuses %j naming the option',
    (options, message) => {
      expect(() => resolve(options)).toThrow(new RangeError(message));
    },
  );
});
