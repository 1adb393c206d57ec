// Runs once per suite run: creates and starts the PostgreSQL server the scenarios own (and may
// kill), with a login role for the services, and hands its coordinates to the test files.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../support';
import {
  initPostgresServer,
  type PostgresServerInfo,
  postgresServer,
  removePostgresServer,
  superuserUrl,
} from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    faultServer: PostgresServerInfo;
    /** Password of the services' login role, APP_ROLE; it must never appear in their output. */
    appPassword: string;
  }
}

/** The role the services log in as; it owns the scenario databases. */
export const APP_ROLE = 'planner';

export default async function setup(project: TestProject) {
  const info = initPostgresServer(await freePort());
  const server = postgresServer(info);
  await server.start();
  const appPassword = randomBytes(16).toString('hex');
  const admin = new pg.Client({ connectionString: superuserUrl(info) });
  await admin.connect();
  try {
    await admin.query(`create role ${APP_ROLE} login password '${appPassword}'`);
  } finally {
    await admin.end();
  }
  project.provide('faultServer', info);
  project.provide('appPassword', appPassword);

  return async () => {
    await server.stop();
    removePostgresServer(info);
  };
}
