// `pnpm start` on a fresh data directory: embedded PostgreSQL, migrations, plan-service and the
// gateway come up; a generated plan is still listed after a restart; Ctrl-C stops everything.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-postgres';

const ROOT = resolve(import.meta.dirname, '..');
const WALLET = '0x1234567890123456789012345678901234567890';
const dataRoot = mkdtempSync(join(tmpdir(), 'plan-start-'));
chmodSync(dataRoot, 0o755); // the embedded server runs as the postgres user and must reach its directory

afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

async function start(port: number, grpcPort: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PLAN_SERVICE_ADDR: `127.0.0.1:${grpcPort}`,
    PLAN_DATA_DIR: join(dataRoot, 'postgres'),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    ['--conditions=@travel-planner/source', '--import', 'tsx', 'scripts/start.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill(signal);
  return exited;
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
