// The database test setup with a PgBouncer (transaction pooling) in front of the server: test
// files get URLs through it (`TestDatabase.url`), and the server's own URL as `directUrl`.
import type { TestProject } from 'vitest/node';
import { startPgBouncer } from '../scripts/pgbouncer';
import setup from './support/global-setup';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the PgBouncer in front of the test server, when the project runs through one. */
    pgBouncerPort?: number;
  }
}

export default async function setupWithPgBouncer(project: TestProject) {
  const teardown = await setup(project);
  const bouncer = await startPgBouncer({ serverUrl: project.getProvidedContext().pgAdminUrl });
  project.provide('pgBouncerPort', bouncer.port);
  return async () => {
    await bouncer.stop();
    await teardown();
  };
}
