// DATABASE_SSL_MODE against a real PostgreSQL with TLS on: a throwaway server started for this
// file, with a CA and a server certificate made here.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createPlanStore, type PlanStoreOptionsInput, type SslMode } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, startEmbeddedPostgres } from '../../../test/support';

let dir: string;
let server: LocalPostgres;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-store-ssl-'));
  chmodSync(dir, 0o755);
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  );
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
    '-out',
    'server.crt',
  );
  // PostgreSQL runs as the `postgres` user when started as root, and insists on owning its key.
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    for (const f of ['server.key', 'server.crt']) chownSync(join(dir, f), uid, gid);
  }
  chmodSync(join(dir, 'server.key'), 0o600);
  server = await startEmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    persistent: false,
    fast: true,
    postgresFlags: [
      '-c',
      'ssl=on',
      '-c',
      `ssl_cert_file=${join(dir, 'server.crt')}`,
      '-c',
      `ssl_key_file=${join(dir, 'server.key')}`,
    ],
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(host: string, mode: SslMode, extra: PlanStoreOptionsInput = {}) {
  const url = new URL(server.adminUrl);
  url.hostname = host;
  const store = createPlanStore({
    databaseUrl: url.toString(),
    ssl: { mode, ...extra.ssl },
    pool: { size: 0, maxOverflow: 1, connectTimeoutMs: 3000 },
    logger: { warn() {} },
  });
  try {
    const health = await store.health({ timeoutMs: 3000 });
    if (!health.ok) return { error: health.error };
    const { rows } = await store.knex.raw('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return { encrypted: (rows[0] as { ssl: boolean }).ssl };
  } finally {
    await store.close();
  }
}

describe('DATABASE_SSL_MODE', () => {
  it('disable: plain connection', async () => {
    expect(await connect('127.0.0.1', 'disable')).toEqual({ encrypted: false });
  });

  it('require: encrypted, certificate not checked', async () => {
    expect(await connect('127.0.0.1', 'require')).toEqual({ encrypted: true });
  });

  it('verify-ca: the certificate must chain to the CA file, any host name', async () => {
    expect(await connect('127.0.0.1', 'verify-ca', { ssl: { caFile: join(dir, 'ca.crt') } })).toEqual({
      encrypted: true,
    });
  });

  it('verify-full: the certificate must also name the host', async () => {
    const ca = { ssl: { caFile: join(dir, 'ca.crt') } };
    expect(await connect('localhost', 'verify-full', ca)).toEqual({ encrypted: true });
    const wrongHost = await connect('127.0.0.1', 'verify-full', ca);
    expect(wrongHost.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(wrongHost.error?.message).toMatch(/certificate/);
  });

  it('verify-full without the CA file rejects a private CA', async () => {
    const result = await connect('localhost', 'verify-full');
    expect(result.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
