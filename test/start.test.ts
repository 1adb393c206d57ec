// `pnpm start` on a fresh data directory: embedded PostgreSQL, migrations, plan-service and the
// gateway come up; a generated plan is still listed after a restart; Ctrl-C stops everything.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-postgres';
import { startSystem, stopSystem as stop } from './start-process';

const WALLET = '0x1234567890123456789012345678901234567890';
const dataRoot = mkdtempSync(join(tmpdir(), 'plan-start-'));
chmodSync(dataRoot, 0o755); // the embedded server runs as the postgres user and must reach its directory

afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

function start(port: number, grpcPort: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PLAN_SERVICE_ADDR: `127.0.0.1:${grpcPort}`,
    PLAN_DATA_DIR: join(dataRoot, 'postgres'),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  return startSystem(env);
}

describe('pnpm start', () => {
  it('runs the whole system on an embedded database that survives a restart', {
    timeout: 240_000,
  }, async () => {
    const port = await freePort();
    const grpcPort = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await start(port, grpcPort);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'success' });
    // The seed's curl command, verbatim.
    const generated = await fetch(`${base}/generate_plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}',
    });
    expect(generated.status).toBe(200);
    const { plan } = (await generated.json()) as { plan: { plan_id: string } };
    expect(plan.plan_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await stop(first, 'SIGINT')).toBe(0);

    const second = await start(port, grpcPort);
    const listed = await fetch(`${base}/get_user_plans/${WALLET}`);
    const body = (await listed.json()) as { plans: Array<{ plan_id: string }> };
    expect(body.plans.map((p) => p.plan_id)).toContain(plan.plan_id);
    expect(await stop(second, 'SIGTERM')).toBe(0);
  });
});
