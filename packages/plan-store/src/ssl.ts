import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { PlanStoreConfigError } from './errors';
import type { PlanStoreOptions } from './options';

/**
 * Turns a libpq-style SSL mode into node-postgres' `ssl` option.
 * - `require`: encrypt, do not check the certificate (libpq's meaning, too).
 * - `verify-ca`: the certificate must chain to the CA (the file, or the system store), any host name.
 * - `verify-full`: as verify-ca, and the certificate must name the host.
 */
export function sslConfig(ssl: PlanStoreOptions['ssl']): false | ConnectionOptions {
  if (ssl.mode === 'disable') return false;
  if (ssl.mode === 'require') return { rejectUnauthorized: false };
  let ca: string | undefined;
  if (ssl.caFile) {
    try {
      ca = readFileSync(ssl.caFile, 'utf8');
    } catch {
      throw new PlanStoreConfigError('DATABASE_SSL_CA', 'cannot read the CA file');
    }
  }
  const verified: ConnectionOptions = { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  return ssl.mode === 'verify-ca' ? { ...verified, checkServerIdentity: () => undefined } : verified;
}

/** The URL without libpq SSL parameters: node-postgres would let them override the `ssl` option. */
export function withoutSslParams(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  for (const name of ['sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'ssl']) url.searchParams.delete(name);
  return url.toString();
}
