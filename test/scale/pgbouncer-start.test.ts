// `pnpm start` behind PgBouncer: DATABASE_URL is the pooler, DATABASE_DIRECT_URL the server. The
// first start migrates; a restart and a second instance beside it start too (before the fix the
// migration lock stayed on a pooled server connection and they hung), and plans flow through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local-postgres';
import { type PgBouncer, startPgBouncer } from '../../scripts/pgbouncer';
import { startSystem, stopSystem } from '../start-process';
import { createTestDatabase, type TestDatabase } from '../support';

const WALLET = '0x1234567890123456789012345678901234567890';

describe('pnpm start behind PgBouncer', () => {
  let bouncer: PgBouncer;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    bouncer = await startPgBouncer({ serverUrl: db.adminUrl, poolSize: 5 });
  });

  afterAll(async () => {
    await bouncer?.stop();
    await db?.drop();
  });

  async function start() {
    const port = await freePort();
    const { child } = await startSystem({
      ...process.env,
      DATABASE_URL: bouncer.urlFor(db.url),
      DATABASE_DIRECT_URL: db.url,
      PORT: String(port),
      PLAN_SERVICE_ADDR: `127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'warn',
    });
    return { child, base: `http://127.0.0.1:${port}` };
  }

  it('migrates on the direct URL, so a restart and a second instance start too', {
    timeout: 240_000,
  }, async () => {
    const first = await start();
    const generated = await fetch(`${first.base}/generate_plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ destination: 'Paris', budget: 2000, user_wallet: WALLET }),
    });
    expect(generated.status).toBe(200);
    const { plan } = (await generated.json()) as { plan: { plan_id: string } };
    expect(await stopSystem(first.child, 'SIGTERM')).toBe(0);

    const [restarted, beside] = await Promise.all([start(), start()]);
    for (const instance of [restarted, beside]) {
      const listed = (await (await fetch(`${instance.base}/get_user_plans/${WALLET}`)).json()) as {
        plans: Array<{ plan_id: string }>;
      };
      expect(listed.plans.map((p) => p.plan_id)).toEqual([plan.plan_id]);
    }
    expect(await stopSystem(restarted.child, 'SIGTERM')).toBe(0);
    expect(await stopSystem(beside.child, 'SIGTERM')).toBe(0);
  });
});
