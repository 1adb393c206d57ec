// `plan-store-migrate latest | rollback | status`: migrates the database named by DATABASE_URL
// (and the other DATABASE_* variables) with the migrations shipped in this package. Concurrent
// runs are serialized, so every replica of a service may run it at start-up.
import { createPlanStore } from './create-plan-store';
import { PlanStoreError } from './errors';

const USAGE = 'usage: plan-store-migrate latest | rollback | status';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'latest' && command !== 'rollback' && command !== 'status') {
    console.error(USAGE);
    return 2;
  }
  // Migrations never read plans: no cache, whatever REDIS_URL says.
  const store = createPlanStore({ pool: { size: 0, maxOverflow: 2 }, cache: false });
  try {
    if (command === 'status') {
      const { completed, pending } = await store.migrate.status();
      console.log(`completed: ${completed.length ? completed.join(', ') : '(none)'}`);
      console.log(`pending: ${pending.length ? pending.join(', ') : '(none)'}`);
    } else {
      const { batch, migrations } = await store.migrate[command]();
      const verb = command === 'latest' ? 'applied' : 'rolled back';
      console.log(
        migrations.length
          ? `batch ${batch} ${verb}: ${migrations.join(', ')}`
          : `nothing to do (batch ${batch})`,
      );
    }
    return 0;
  } catch (err) {
    // Store errors carry safe messages; anything else is reported without its details.
    console.error(err instanceof PlanStoreError ? `${err.code}: ${err.message}` : 'migration failed');
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv[2]);
