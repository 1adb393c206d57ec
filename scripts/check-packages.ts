// `pnpm check:packages` (after `pnpm build`): each package as a consumer gets it, through tools
// written by others. publint checks the manifest and the packed files (every suggestion counts);
// arethetypeswrong checks that every entry point resolves with types under node10, node16 (CJS and
// ESM) and bundler resolution. Exit code 1 when either finds anything.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = ['plan-store', 'plan-service', 'http-gateway'];

async function main(): Promise<void> {
  let failed = false;
  for (const name of PACKAGES) {
    const pkgDir = join(ROOT, 'packages', name);
    const { messages, pkg } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: 'pnpm' });
    for (const message of messages) console.error(`${name}: publint: ${formatMessage(message, pkg)}`);
    let clean = messages.length === 0;
    try {
      execFileSync('attw', ['--pack', '.', '--format', 'ascii'], {
        cwd: pkgDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      console.error(`${name}: arethetypeswrong:\n${String((err as { stdout?: unknown }).stdout)}`);
      clean = false;
    }
    console.log(`${name}: ${clean ? 'publint and arethetypeswrong found nothing' : 'FAILED'}`);
    failed ||= !clean;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`check:packages failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
