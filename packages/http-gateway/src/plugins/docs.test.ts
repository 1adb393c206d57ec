import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../create-gateway';
import { operationIdOf } from './docs';

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; message: string }>;
}

// Redocly's `recommended` rules, run by its own CLI on the document the gateway serves.
function redoclyLint(document: unknown): RedoclyReport {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const output = execFileSync('redocly', ['lint', file, '--extends=recommended', '--format=json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return JSON.parse(output) as RedoclyReport;
  } catch (err) {
    // The CLI exits 1 when it finds errors; its report is still on stdout.
    return JSON.parse(String((err as { stdout?: unknown }).stdout)) as RedoclyReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document', () => {
  it.each([
    ['without', undefined],
    ['with', 'an-analytics-token-for-the-document'],
  ])(
    "passes Redocly's recommended rules without an error or a warning, %s ANALYTICS_TOKEN",
    {
      timeout: 30_000,
    },
    async (_, analyticsToken) => {
      // No call reaches plan-service: the document is built from the route schemas alone.
      const client = createPlanServiceClient({ address: '127.0.0.1:9' });
      const app = await createGateway({ planService: client, logger: false, metrics: false, analyticsToken });
      try {
        const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
        const report = redoclyLint(document);
        expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
        expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      } finally {
        await app.close();
        client.close();
      }
    },
  );

  it('names every operation for client generators', () => {
    expect(operationIdOf('POST', '/generate_plan')).toBe('generatePlan');
    expect(operationIdOf('GET', '/get_user_plans/:user_wallet')).toBe('getUserPlans');
    expect(operationIdOf('DELETE', '/plans/:plan_id/shares/:grantee_wallet')).toBe(
      'deletePlansByPlanIdSharesByGranteeWallet',
    );
  });
});
