// `plan-store-migrate latest | rollback | status`: migrates the database named by DATABASE_URL
// (and the other DATABASE_* variables) with the migrations shipped in this package. Concurrent
// runs are serialized, so every replica of a service may run it at start-up. Every outcome is one
// line and an exit code: 0 done, 1 failed, 2 bad usage.
import { createPlanStore, type PlanStore } from './create-plan-store';
import { PlanStoreError } from './errors';

const USAGE = `usage: plan-store-migrate latest | rollback | status

  latest    apply every pending migration
  rollback  undo the last batch
  status    list the completed and the pending migrations

The database comes from DATABASE_URL and the other DATABASE_* variables.`;

const COMMANDS = ['latest', 'rollback', 'status'] as const;
type Command = (typeof COMMANDS)[number];

const isCommand = (value: string | undefined): value is Command => COMMANDS.includes(value as Command);

async function run(store: PlanStore, command: Command): Promise<string> {
  if (command === 'status') {
    const { completed, pending } = await store.migrate.status();
    return [
      `completed: ${completed.length ? completed.join(', ') : '(none)'}`,
      `pending: ${pending.length ? pending.join(', ') : '(none)'}`,
    ].join('\n');
  }
  const { batch, migrations } = await store.migrate[command]();
  const verb = command === 'latest' ? 'applied' : 'rolled back';
  return migrations.length
    ? `batch ${batch} ${verb}: ${migrations.join(', ')}`
    : `nothing to do (batch ${batch})`;
}

async function main(args: readonly string[]): Promise<number> {
  const [command] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || !isCommand(command)) {
    console.error(USAGE);
    return 2;
  }
  let store: PlanStore | undefined;
  try {
    // The pool's own warnings are for long-running services; here the one line below says it all.
    store = createPlanStore({ pool: { size: 0, maxOverflow: 2 }, logger: { warn() {} } });
    console.log(await run(store, command));
    return 0;
  } catch (err) {
    // Store errors carry safe messages; anything else is reported without its details.
    console.error(err instanceof PlanStoreError ? `${err.code}: ${err.message}` : 'migration failed');
    return 1;
  } finally {
    await store?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
