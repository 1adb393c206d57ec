import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPlanServiceClient, METRIC_NAMES } from '@travel-planner/plan-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  type LogLine,
  type TestDatabase,
  WALLET_A,
  waitFor,
} from '../../../test/support';

const PASSWORD = 'hunter2-not-needed';
const TOKEN = 'bin-token-51c0';
const packageDir = fileURLToPath(new URL('..', import.meta.url));

let db: TestDatabase;

beforeAll(async () => {
  // Empty: the command's --migrate must create the schema.
  db = await createTestDatabase({ empty: true });
});
afterAll(() => db.drop());

function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = PASSWORD; // the test server trusts local connections and ignores it
  return parsed.toString();
}

function probeExitCode(address: string): Promise<number | null> {
  const probe = spawn(
    process.execPath,
    ['--conditions=@travel-planner/source', '--import', 'tsx', 'src/bin.ts', '--probe'],
    { cwd: packageDir, env: { ...process.env, PLAN_SERVICE_ADDR: address }, stdio: 'ignore' },
  );
  return new Promise((resolve) => probe.on('close', (code) => resolve(code)));
}

describe('the plan-service command', () => {
  it('migrates, listens, serves, and exits 0 on SIGTERM without logging secrets', async () => {
    const lines: LogLine[] = [];
    let output = '';
    const child: ChildProcess = spawn(
      process.execPath,
      ['--conditions=@travel-planner/source', '--import', 'tsx', 'src/bin.ts', '--migrate'],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          DATABASE_URL: withPassword(db.url),
          DATABASE_POOL_SIZE: '0',
          DATABASE_MAX_OVERFLOW: '3',
          PLAN_SERVICE_ADDR: '127.0.0.1:0',
          PLAN_SERVICE_TOKEN: TOKEN,
          PLAN_SERVICE_METRICS_PORT: '0',
          LOG_LEVEL: 'info',
          PLAN_ORIGIN_AIRPORT: 'LHR',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // One buffer per stream, since a chunk need not end at a line break.
    const collector = () => {
      let pending = '';
      return (chunk: Buffer) => {
        output += chunk;
        const complete = (pending + chunk).split('\n');
        pending = complete.pop() ?? '';
        for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
      };
    };
    child.stdout?.on('data', collector());
    child.stderr?.on('data', collector());
    try {
      await waitFor(() => lines.some((l) => l.msg === 'plan-service listening'), 15_000);
      const startup = lines.find((l) => l.msg === 'plan-service listening')!;
      expect(startup).toMatchObject({
        tls: false,
        mutualTls: false,
        tokenRequired: true,
        service: 'plan-service',
      });
      expect(lines.find((l) => l.msg === 'migrations applied')?.migrations).not.toEqual([]);
      const address = startup.address as string;
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);

      const client = createPlanServiceClient({ address, token: TOKEN });
      try {
        const { plan } = await client.generatePlan({
          destination: 'Paris',
          budget: 3000,
          userWallet: WALLET_A,
        });
        // PLAN_ORIGIN_AIRPORT reached the generator.
        expect((plan?.planData as { origin?: string } | undefined)?.origin).toBe('LHR');
        expect(await client.checkHealth()).toBe('SERVING');
      } finally {
        client.close();
      }
      const metrics = await (await fetch(`http://127.0.0.1:${startup.metricsPort as number}/metrics`)).text();
      expect(metrics).toContain(`${METRIC_NAMES.calls}{method="GeneratePlan",code="OK"} 1`);
      expect(metrics).toContain('process_cpu_seconds_total');

      // The container health check: --probe asks the running server.
      expect(await probeExitCode(address)).toBe(0);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await probeExitCode(address)).toBe(1);
      expect(lines.at(-1)?.msg).toBe('stopped');
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(TOKEN);
      const { rows } = await adminQuery<{ n: string }>('select count(*) as n from plans', [], db.name);
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad setting naming the variable, and exits 1', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@travel-planner/source', '--import', 'tsx', 'src/bin.ts'],
      {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: db.url, PLAN_SERVICE_METRICS_PORT: 'secret-port' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const line = JSON.parse(stderr.trim().split('\n').at(-1)!) as {
      msg: string;
      cause: Array<{ message: string }>;
    };
    expect(line.msg).toBe('plan-service failed to start');
    expect(line.cause[0]?.message).toBe('PLAN_SERVICE_METRICS_PORT: must be a port number (0-65535)');
    expect(stderr).not.toContain('secret-port');
  });
});
