// plan-service in a process of its own, as it is deployed, for benchmarks.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPlanServiceClient, type PlanServiceClient } from '@travel-planner/plan-service/client';
import { freePort } from './local-postgres';

const SERVICE_BIN = fileURLToPath(new URL('../packages/plan-service/src/bin.ts', import.meta.url));

/** A running plan-service process and a client connected to it. */
export interface PlanServiceProcess {
  client: PlanServiceClient;
  stop(): Promise<void>;
}

/** Starts `plan-service` with `env` added to this process's environment and waits until it is SERVING. */
export async function startPlanServiceProcess(env: Record<string, string>): Promise<PlanServiceProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@travel-planner/source', '--import', 'tsx', SERVICE_BIN],
    {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env, PLAN_SERVICE_ADDR: `127.0.0.1:${port}` },
      stdio: 'ignore',
    },
  );
  const client = createPlanServiceClient({ address: `127.0.0.1:${port}`, defaultTimeoutMs: 5000 });
  const stop = async () => {
    client.close();
    if (child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  };
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const serving = await client.checkHealth('', { timeoutMs: 500 }).then(
      (status) => status === 'SERVING',
      () => false,
    );
    if (serving) return { client, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('plan-service did not start');
}
