import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  createPlanService,
  createPlanServiceClient,
  type PlanServiceClient,
} from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestStore,
  type RunningService,
  startService,
  type TestDatabase,
} from '../../../test/support';
import { callError, UNKNOWN_PLAN_ID } from './helpers';

const TOKEN = 'test-token-7f3a9c';
const REFLECTION_PROTO = new URL(
  '../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto',
  import.meta.url,
);

let db: TestDatabase;
let store: PlanStore;
let dir: string;

interface Pki {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A client certificate from a CA the server does not trust. */
  strangerCert: Buffer;
  strangerKey: Buffer;
}
let pki: Pki;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

// A throwaway CA with a server and a client certificate (P-256 keys: fast to make).
function makePki(): Pki {
  const key = (name: string) =>
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  const ca = (name: string) => {
    key(name);
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
    );
  };
  const leaf = (name: string, issuer: string, extensions: string) => {
    key(name);
    openssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  ca('test-ca');
  ca('stranger-ca');
  leaf('server', 'test-ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'test-ca', 'extendedKeyUsage=clientAuth\n');
  leaf('stranger', 'stranger-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (file: string) => readFileSync(join(dir, file));
  return {
    ca: read('test-ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    strangerCert: read('stranger.pem'),
    strangerKey: read('stranger.key'),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-service-tls-'));
  pki = makePki();
  db = await createTestDatabase();
  store = createTestStore(db.url);
});
afterAll(async () => {
  await store.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

// A call that reaches the handler answers NOT_FOUND; one that cannot connect, UNAVAILABLE.
async function reachCode(client: PlanServiceClient): Promise<number> {
  try {
    await client.getPlan({ planId: UNKNOWN_PLAN_ID }, { timeoutMs: 2000 });
    return status.OK;
  } catch (err) {
    return (err as { code: number }).code;
  } finally {
    client.close();
  }
}

describe('TLS', () => {
  let running: RunningService;

  beforeAll(async () => {
    running = await startService(
      { store, tls: { cert: pki.serverCert, key: pki.serverKey } },
      { credentials: credentials.createSsl(pki.ca) },
    );
  });
  afterAll(() => running.stop());

  it('serves clients that trust the CA, and not plaintext clients', async () => {
    expect(
      await reachCode(
        createPlanServiceClient({ address: running.address, credentials: credentials.createSsl(pki.ca) }),
      ),
    ).toBe(status.NOT_FOUND);
    expect(await running.client.checkHealth()).toBe('SERVING');
    expect(await reachCode(createPlanServiceClient({ address: running.address }))).toBe(status.UNAVAILABLE);
    // A client that does not trust the server's CA refuses the connection.
    expect(
      await reachCode(
        createPlanServiceClient({
          address: running.address,
          credentials: credentials.createSsl(pki.strangerCert),
        }),
      ),
    ).toBe(status.UNAVAILABLE);
  });
});

describe('mutual TLS', () => {
  let running: RunningService;
  const withCert = (cert: Buffer, key: Buffer) =>
    createPlanServiceClient({
      address: running.address,
      credentials: credentials.createSsl(pki.ca, key, cert),
    });

  beforeAll(async () => {
    running = await startService(
      { store, tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requireClientCert: true } },
      { credentials: credentials.createSsl(pki.ca, pki.clientKey, pki.clientCert) },
    );
  });
  afterAll(() => running.stop());

  it('serves a client with a certificate from the CA', async () => {
    expect(await reachCode(withCert(pki.clientCert, pki.clientKey))).toBe(status.NOT_FOUND);
  });

  it('rejects a client without a certificate, or with one from another CA', async () => {
    const noCert = createPlanServiceClient({
      address: running.address,
      credentials: credentials.createSsl(pki.ca),
    });
    expect(await reachCode(noCert)).toBe(status.UNAVAILABLE);
    expect(await reachCode(withCert(pki.strangerCert, pki.strangerKey))).toBe(status.UNAVAILABLE);
  });

  it('refuses to start without a CA to check client certificates against', () => {
    expect(() =>
      createPlanService({
        store,
        tls: { cert: pki.serverCert, key: pki.serverKey, requireClientCert: true },
      }),
    ).toThrow('tls.ca: is required when client certificates are required');
  });
});

describe('bearer token', () => {
  let running: RunningService;

  beforeAll(async () => {
    running = await startService({ store, token: TOKEN });
  });
  afterAll(() => running.stop());

  it('refuses calls without the token or with a wrong one, before doing any work', async () => {
    const none = createPlanServiceClient({ address: running.address });
    const wrong = createPlanServiceClient({ address: running.address, token: `${TOKEN}x` });
    try {
      for (const client of [none, wrong]) {
        const err = await callError(client.createPlan({ destination: '', planData: {} }));
        expect([err.code, err.details]).toEqual([status.UNAUTHENTICATED, 'missing or invalid bearer token']);
      }
    } finally {
      none.close();
      wrong.close();
    }
    expect(running.logs.filter((l) => l.code === 'UNAUTHENTICATED')).toHaveLength(2);
    expect(JSON.stringify(running.logs)).not.toContain(TOKEN);
  });

  it('serves calls with the right token', async () => {
    const right = createPlanServiceClient({ address: running.address, token: TOKEN });
    expect(await reachCode(right)).toBe(status.NOT_FOUND);
  });

  it('leaves health checks and reflection open', async () => {
    const none = createPlanServiceClient({ address: running.address });
    try {
      expect(await none.checkHealth()).toBe('SERVING');
    } finally {
      none.close();
    }
    const definition = loadSync(REFLECTION_PROTO.pathname, { keepCase: true, defaults: true, oneofs: true });
    const root = loadPackageDefinition(definition) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (a: string, c: unknown) => ReflectionClient } } };
    };
    type ReflectionClient = {
      ServerReflectionInfo(): {
        write(m: object): void;
        end(): void;
        on(
          e: string,
          l: (m: { list_services_response?: { service: Array<{ name: string }> } }) => void,
        ): void;
      };
      close(): void;
    };
    const reflection = new root.grpc.reflection.v1.ServerReflection(
      running.address,
      credentials.createInsecure(),
    );
    try {
      const names = await new Promise<string[]>((resolve, reject) => {
        const stream = reflection.ServerReflectionInfo();
        stream.on('data', (message) => {
          resolve(message.list_services_response?.service.map((s) => s.name) ?? []);
          stream.end();
        });
        stream.on('error', reject as never);
        stream.write({ list_services: '' });
      });
      expect(names).toContain('travel.plan.v1.PlanService');
    } finally {
      reflection.close();
    }
  });
});
