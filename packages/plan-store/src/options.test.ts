import { describe, expect, it } from 'vitest';
import { PlanStoreConfigError } from './errors';
import { DEFAULTS, optionsFromEnv, resolveOptions } from './options';
import { redactSecrets } from './redact';
import { sslConfig, withoutSslParams } from './ssl';

describe('resolveOptions', () => {
  it('uses the seed defaults when nothing is set', () => {
    const options = resolveOptions({}, {});
    expect(options.databaseUrl).toBe(DEFAULTS.databaseUrl);
    expect(options.pool).toMatchObject({ size: 10, maxOverflow: 20, recycleSeconds: 3600, prePing: true });
    expect(options.ssl.mode).toBe('disable');
  });

  it('reads the environment, and explicit options win', () => {
    const env = {
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      DATABASE_POOL_SIZE: '3',
      DATABASE_MAX_OVERFLOW: '4',
      DATABASE_POOL_RECYCLE_S: '60',
      DATABASE_POOL_PRE_PING: 'false',
      DATABASE_SSL_MODE: 'require',
    };
    const fromEnv = resolveOptions({}, env);
    expect(fromEnv).toMatchObject({
      databaseUrl: 'postgresql://u:p@db:5432/x',
      pool: { size: 3, maxOverflow: 4, recycleSeconds: 60, prePing: false },
      ssl: { mode: 'require' },
    });
    const explicit = resolveOptions({ pool: { size: 1 }, ssl: { mode: 'disable' } }, env);
    expect(explicit.pool).toMatchObject({ size: 1, maxOverflow: 4 });
    expect(explicit.ssl.mode).toBe('disable');
  });

  it('defaults the direct URL to DATABASE_URL and reads DATABASE_DIRECT_URL and DATABASE_READ_URLS', () => {
    expect(resolveOptions({}, { DATABASE_URL: 'postgresql://u@bouncer:6432/x' })).toMatchObject({
      directUrl: 'postgresql://u@bouncer:6432/x',
      readUrls: [],
    });
    const env = {
      DATABASE_URL: 'postgresql://u@bouncer:6432/x',
      DATABASE_DIRECT_URL: 'postgresql://u@db:5432/x',
      DATABASE_READ_URLS: ' postgresql://u@replica1/x, postgresql://u@replica2/x ,',
    };
    expect(resolveOptions({}, env)).toMatchObject({
      directUrl: 'postgresql://u@db:5432/x',
      readUrls: ['postgresql://u@replica1/x', 'postgresql://u@replica2/x'],
    });
  });

  it('names DATABASE_DIRECT_URL or DATABASE_READ_URLS when one is not a PostgreSQL URL, never its value', () => {
    const secret = 'mysql://u:hunter2@db/x';
    for (const name of ['DATABASE_DIRECT_URL', 'DATABASE_READ_URLS']) {
      const err = (() => {
        try {
          resolveOptions({}, { [name]: secret });
        } catch (e) {
          return e as PlanStoreConfigError;
        }
      })();
      expect(err).toBeInstanceOf(PlanStoreConfigError);
      expect(err?.message).toContain(name);
      expect(err?.message).not.toContain('hunter2');
    }
  });

  it("takes the URL's sslmode when no mode is configured", () => {
    expect(resolveOptions({ databaseUrl: 'postgresql://h/db?sslmode=verify-full' }, {}).ssl.mode).toBe(
      'verify-full',
    );
  });

  it.each([
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: 'ten' }],
    ['DATABASE_MAX_OVERFLOW', { DATABASE_MAX_OVERFLOW: '-1' }],
    ['DATABASE_POOL_PRE_PING', { DATABASE_POOL_PRE_PING: 'maybe' }],
    ['DATABASE_SSL_MODE', { DATABASE_SSL_MODE: 'prefer' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url with secret-password' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u:secret-password@h/db' }],
  ])('names %s when it is invalid, without its value', (setting, env) => {
    let error: unknown;
    try {
      resolveOptions({}, env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlanStoreConfigError);
    expect((error as PlanStoreConfigError).setting).toBe(setting);
    expect((error as Error).message).not.toMatch(/secret-password|ten|maybe|prefer/);
  });

  it('leaves unset variables out', () => {
    expect(optionsFromEnv({})).toEqual({ pool: {}, ssl: {} });
  });
});

describe('ssl', () => {
  it('maps each mode to node-postgres options', () => {
    expect(sslConfig({ mode: 'disable' })).toBe(false);
    expect(sslConfig({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    const full = sslConfig({ mode: 'verify-full' });
    expect(full).toEqual({ rejectUnauthorized: true });
    const ca = sslConfig({ mode: 'verify-ca' });
    expect(ca).toMatchObject({ rejectUnauthorized: true });
    expect(typeof (ca as { checkServerIdentity?: unknown }).checkServerIdentity).toBe('function');
  });

  it('names DATABASE_SSL_CA when the file cannot be read', () => {
    expect(() => sslConfig({ mode: 'verify-full', caFile: '/nonexistent/ca.pem' })).toThrow(
      /DATABASE_SSL_CA/,
    );
  });

  it('strips libpq ssl parameters from the URL', () => {
    expect(withoutSslParams('postgresql://u:p@h:5432/db?sslmode=require&application_name=x')).toBe(
      'postgresql://u:p@h:5432/db?application_name=x',
    );
  });
});

describe('redactSecrets', () => {
  it('hides the password of connection strings in text', () => {
    expect(redactSecrets('connect to postgresql://travel_user:travel_password@db:5432/x failed')).toBe(
      'connect to postgresql://travel_user:***@db:5432/x failed',
    );
    expect(redactSecrets('no secrets here')).toBe('no secrets here');
  });
});
