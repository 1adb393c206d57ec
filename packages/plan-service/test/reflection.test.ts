// Server reflection read by a client on another protobuf implementation: Python's own (C++ on
// Debian), which validates every descriptor as strictly as protoc's output is validated.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startService } from '../../../test/support';
import { REFLECTED_FILES } from '../src/index';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// Debian's interpreter, where .ci/run installs python3-grpcio and python3-protobuf.
const PYTHON = '/usr/bin/python3';
const BUF = here('../node_modules/.bin/buf');
const REFLECTION_PROTO_ROOT = here('../node_modules/@grpc/reflection/build/proto');

let store: PlanStore;
let running: RunningService;
let scratch: string;

beforeAll(async () => {
  // Reflection needs no database: a store that cannot connect keeps the test light.
  store = createPlanStore({ databaseUrl: 'postgresql://nobody@127.0.0.1:1/none', logger: { warn() {} } });
  running = await startService({ store });
  scratch = await mkdtemp(join(tmpdir(), 'reflection-'));
});

afterAll(async () => {
  await running.stop();
  await store.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('server reflection with Python protobuf', () => {
  it('serves files every one of which a Python DescriptorPool accepts', async () => {
    // The client's reflection messages, described by buf from grpc's own reflection.proto.
    const reflectionSet = join(scratch, 'reflection.binpb');
    await run(BUF, [
      'build',
      REFLECTION_PROTO_ROOT,
      '--path',
      join(REFLECTION_PROTO_ROOT, 'grpc/reflection/v1'),
      '--as-file-descriptor-set',
      '-o',
      reflectionSet,
    ]);

    const { stdout } = await run(PYTHON, [
      here('./reflection/python_reflection_client.py'),
      running.address,
      reflectionSet,
    ]).catch((error: { stderr?: string }) => {
      throw new Error(`the Python reflection client failed: ${error.stderr ?? String(error)}`);
    });
    const summary = JSON.parse(stdout) as {
      implementation: string;
      services: string[];
      files: string[];
      methods: Record<string, string[]>;
    };

    expect(summary.implementation).not.toBe('python'); // the strict native implementation
    expect(summary.services).toEqual([
      'grpc.health.v1.Health',
      'travel.analytics.v1.AnalyticsService',
      'travel.auth.v1.AuthService',
      'travel.plan.v1.PlanService',
    ]);
    // Every file of the built descriptor set is served and loads.
    expect(summary.files).toEqual([...REFLECTED_FILES].sort());
    expect(summary.methods['travel.plan.v1.PlanService']).toContain(
      'GeneratePlan(travel.plan.v1.GeneratePlanRequest) -> travel.plan.v1.GeneratePlanResponse',
    );
    expect(summary.methods['travel.auth.v1.AuthService']).toContain(
      'SignIn(travel.auth.v1.SignInRequest) -> travel.auth.v1.SignInResponse',
    );
    expect(summary.methods['travel.analytics.v1.AnalyticsService']).toEqual([
      'GetSummary(travel.analytics.v1.GetSummaryRequest) -> travel.analytics.v1.GetSummaryResponse',
    ]);
    expect(summary.methods['grpc.health.v1.Health']).toContain(
      'Check(grpc.health.v1.HealthCheckRequest) -> grpc.health.v1.HealthCheckResponse',
    );
  });
});
