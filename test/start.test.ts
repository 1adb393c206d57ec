// `pnpm start` as a newcomer meets it: from a fresh copy of the repository in a private (0700)
// folder, `pnpm install && pnpm start`, as root or not; the documented variables take effect; data
// survives a restart; Ctrl-C stops everything; what cannot work is one line and a non-zero exit.
import { type ChildProcess, execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-postgres';
import { START_SCRIPT, startSystem } from './start-process';

const ROOT = resolve(import.meta.dirname, '..');
const WALLET = '0x1234567890123456789012345678901234567890';
const SEED_CURL_BODY =
  '{"destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}';
const GATEWAY_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'packages/http-gateway/package.json'), 'utf8')) as { version: string }
).version;
const isRoot = process.getuid?.() === 0;
const DEFAULT_SERVICE_PORT = 50051;
const cleanups: Array<() => void> = [];

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

interface Started {
  child: ChildProcess;
  banner: string;
  base: string;
}

// Starts `command` in its own process group, on free ports and with the embedded database unless
// `env` says otherwise (a variable set to undefined is removed), and waits for the ready banner.
async function start(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Started> {
  const port = await freePort();
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PLAN_SERVICE_ADDR: `127.0.0.1:${await freePort()}`,
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete fullEnv.DATABASE_URL;
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete fullEnv[name];
  const { child, banner } = await startSystem(fullEnv, {
    command,
    cwd,
    detached: true,
    readyTimeoutMs: 120_000,
  });
  return { child, banner, base: `http://127.0.0.1:${port}` };
}

// Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group.
async function interrupt(started: Started): Promise<void> {
  const exited = new Promise<void>((done) => started.child.once('exit', () => done()));
  process.kill(-started.child.pid!, 'SIGINT');
  await exited;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Listens on `port` when it is free (undefined when something else already holds it).
async function occupy(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function generate(base: string): Promise<string> {
  const response = await fetch(`${base}/generate_plan`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: SEED_CURL_BODY,
  });
  expect(response.status).toBe(200);
  const { plan } = (await response.json()) as { plan: { plan_id: string } };
  expect(plan.plan_id).toMatch(/^[0-9a-f-]{36}$/);
  return plan.plan_id;
}

// A copy of the working tree (tracked and new files, as a clone would have them) in a mktemp folder.
function copyOfRepository(): string {
  const parent = mkdtempSync(join(tmpdir(), 'plan-clone-'));
  cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
  const clone = join(parent, 'travel-planner');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  return clone;
}

describe('pnpm start', () => {
  it('works from a fresh copy in a private folder, as the quick start says', {
    timeout: 300_000,
  }, async () => {
    const clone = copyOfRepository();
    expect(statSync(dirname(clone)).mode & 0o777).toBe(0o700);
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: clone, stdio: 'ignore' });

    // A newcomer may already run something on plan-service's default port: start takes another.
    const taken = await occupy(DEFAULT_SERVICE_PORT);
    if (taken) cleanups.push(() => taken.close());
    const started = await start(['pnpm', 'start'], clone, {
      PLAN_DATA_DIR: undefined,
      PLAN_SERVICE_ADDR: undefined,
    });
    const service = /plan-service {2}grpc:\/\/127\.0\.0\.1:(\d+) {2}\(process (\d+)\)/.exec(started.banner);
    expect(service).not.toBeNull();
    if (taken) expect(Number(service![1])).not.toBe(DEFAULT_SERVICE_PORT);
    const servicePid = Number(service![2]);
    expect(servicePid).not.toBe(started.child.pid);
    const dataDir = /data in (\S+)\)/.exec(started.banner)?.[1];
    expect(dataDir).toBeDefined();
    // As root the postgres user cannot enter the private folder, so the data lives elsewhere.
    if (isRoot) {
      expect(dataDir).toMatch(/^\/var\/lib\/travel-planner\/[0-9a-f]{12}\/postgres$/);
      cleanups.push(() => rmSync(dirname(dataDir!), { recursive: true, force: true }));
    } else {
      expect(dataDir).toBe(join(clone, '.data', 'postgres'));
    }

    const health = await fetch(`${started.base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'success', version: GATEWAY_VERSION });
    await generate(started.base);
    await interrupt(started);
    expect(processGroupAlive(started.child.pid!)).toBe(false);
    expect(processAlive(servicePid)).toBe(false);
    expect(await fetch(`${started.base}/health`).catch(() => 'refused')).toBe('refused');
  });

  it('honours the documented variables and keeps data across a restart', { timeout: 240_000 }, async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'plan-start-'));
    chmodSync(dataRoot, 0o755); // an explicit PLAN_DATA_DIR must be reachable by the server's user
    cleanups.push(() => rmSync(dataRoot, { recursive: true, force: true }));
    const env = { PLAN_DATA_DIR: join(dataRoot, 'postgres'), CORS_ORIGINS: 'https://app.example.com' };

    const first = await start(START_SCRIPT, ROOT, env);
    const preflight = await fetch(`${first.base}/generate_plan`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const openapi = (await (await fetch(`${first.base}/openapi.json`)).json()) as {
      info: { version: string };
    };
    expect(openapi.info.version).toBe(GATEWAY_VERSION);
    // Bound to loopback: another address of this machine does not answer.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      const port = new URL(first.base).port;
      expect(await fetch(`http://${external.address}:${port}/health`).catch(() => 'refused')).toBe('refused');
    }
    const planId = await generate(first.base);
    await interrupt(first);

    const second = await start(START_SCRIPT, ROOT, env);
    const listed = await fetch(`${second.base}/get_user_plans/${WALLET}`);
    const body = (await listed.json()) as { plans: Array<{ plan_id: string }> };
    expect(body.plans.map((p) => p.plan_id)).toContain(planId);
    await interrupt(second);
  });

  it.each([
    [{ PORT: 'eighty' }, /^start failed: PORT must be an integer/],
    [{ DATABASE_POOL_SIZE: 'many' }, /^start failed: .*DATABASE_POOL_SIZE/],
  ])('refuses %o in one line with exit code 1', { timeout: 60_000 }, async (env, message) => {
    const { status, stderr } = spawnSyncStart(env);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it.skipIf(!isRoot)(
    'says in one line when, as root, the data folder is out of the postgres user’s reach',
    { timeout: 60_000 },
    async () => {
      const privateDir = mkdtempSync(join(tmpdir(), 'plan-private-'));
      cleanups.push(() => rmSync(privateDir, { recursive: true, force: true }));
      const { status, stderr } = spawnSyncStart({ PLAN_DATA_DIR: join(privateDir, 'postgres') });
      expect(status).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`the postgres user cannot enter ${privateDir}`);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  );
});

function spawnSyncStart(env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '18999', ...env };
  delete fullEnv.DATABASE_URL;
  try {
    execFileSync(START_SCRIPT[0]!, START_SCRIPT.slice(1), {
      cwd: ROOT,
      env: fullEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 50_000,
    });
    return { status: 0, stderr: '' };
  } catch (err) {
    const failed = err as { status: number | null; stderr: string };
    return { status: failed.status, stderr: failed.stderr };
  }
}
