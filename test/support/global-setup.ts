// Runs once per test run: finds a PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an
// embedded server), migrates a template database, and hands both to the test files, each of
// which copies the template into a database of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { answers, type LocalPostgres, startEmbeddedPostgres } from '../../scripts/local-postgres';
import { withDatabase } from './scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

const LOCAL_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function findPostgres(): Promise<LocalPostgres> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { adminUrl: fromEnv, stop: async () => {} };
  if (await answers(LOCAL_URL)) return { adminUrl: LOCAL_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'plan-store-test-pg-'));
  const server = await startEmbeddedPostgres({ databaseDir: dir, persistent: false, fast: true });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const server = await findPostgres();
  // Each vitest project that uses this setup gets a template of its own.
  const template = `plan_store_template_${process.pid}_${project.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  const store = createPlanStore({
    databaseUrl: withDatabase(server.adminUrl, template),
    logger: { warn() {} },
  });
  try {
    await store.migrate.latest();
  } finally {
    await store.close();
  }
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
    await server.stop();
  };
}
