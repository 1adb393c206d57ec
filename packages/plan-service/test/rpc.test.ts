import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { credentials as grpcCredentials, loadPackageDefinition, Metadata, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  createCatalogPlanGenerator,
  GrpcStatus,
  METRIC_NAMES,
  type PlanGenerator,
  type PlanServiceClient,
  type PlanServiceError,
  PlanStatus,
  PlanView,
} from '@travel-planner/plan-service';
import type { PlanData, PlanStore } from '@travel-planner/plan-store';
import {
  type PlanValidationError,
  RULE_MESSAGES,
  validateCreatePlanInput,
} from '@travel-planner/plan-store/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  type RunningService,
  startService,
  type TestDatabase,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from '../../../test/support';
import {
  callError,
  createPlainClient,
  fromProtoStruct,
  type PlainClient,
  plainCall,
  toProtoStruct,
  UNKNOWN_PLAN_ID,
} from './helpers';

const WALLET_LIST = '0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb';
const REFLECTION_PROTO = new URL(
  '../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto',
  import.meta.url,
);

let db: TestDatabase;
let store: PlanStore;
let running: RunningService;
let client: PlanServiceClient;
let plain: PlainClient;
let generations = 0;

// The real catalog generator, counting its runs (a bad request must never reach it).
const catalog = createCatalogPlanGenerator();
const countingGenerator: PlanGenerator = {
  generate(input) {
    generations++;
    return catalog.generate(input);
  },
};

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db.url);
  running = await startService({ store, generator: countingGenerator, maxMessageBytes: 256 * 1024 });
  client = running.client;
  plain = createPlainClient(running.address);
});

afterAll(async () => {
  plain?.close();
  await running?.stop();
  await store?.close();
  await db?.drop();
});

async function rowCount(where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await adminQuery<{ n: string }>(
    `select count(*) as n from plans where ${where}`,
    params,
    db.name,
  );
  return Number(rows[0]!.n);
}

const planData = {
  destination: 'Lisbon',
  flights: [
    {
      from_location: 'JFK',
      to_location: 'LIS',
      airline: 'TAP',
      dates: '2025-04-09 to 2025-04-16',
      price: 512.5,
    },
  ],
  hotels: [{ name: 'Casa', location: 'Lisbon', price_per_night: 120, nights: 7, total: 840 }],
  activities: ['Tram 28', 'Belém'],
  total_cost: 1352.5,
  platform_fee: 27.05,
  grand_total: 1379.55,
  nested: {
    list: [
      [1, 2],
      [null, true, false],
    ],
    empty: {},
    none: null,
  },
  unicode: 'Zürich → 東京 🚀',
};

describe('GeneratePlan', () => {
  it('generates, stores and formats a plan within the budget', async () => {
    const { plan, formattedPlan } = await client.generatePlan({
      destination: 'Paris',
      budget: 3000,
      userWallet: WALLET_A_CHECKSUMMED,
      sessionId: 'session-1',
    });
    expect(plan?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(plan).toMatchObject({
      userWallet: WALLET_A,
      destination: 'Paris',
      budget: 3000,
      status: PlanStatus.PLAN_STATUS_GENERATED,
    });
    const data = plan?.planData as {
      grand_total: number;
      flights: unknown[];
      hotels: unknown[];
      activities: string[];
    };
    expect(data.grand_total).toBeGreaterThan(0);
    expect(data.grand_total).toBeLessThanOrEqual(3000);
    expect(data.flights).toHaveLength(2);
    expect(data.hotels).toHaveLength(1);
    expect(data.activities.length).toBeGreaterThan(0);
    expect(formattedPlan).toMatch(/^# Trip to Paris/);
    expect(formattedPlan).toContain('## Cost summary');
    expect(plan?.createdAt).toBeInstanceOf(Date);
    const { rows } = await adminQuery<{ plan_data: unknown; status: string }>(
      'select plan_data, status from plans where id = $1',
      [plan?.id],
      db.name,
    );
    expect(rows[0]).toEqual({ plan_data: plan?.planData, status: 'generated' });
    const line = running.logs.find((l) => l.method === 'GeneratePlan' && l.code === 'OK');
    expect(line).toMatchObject({ sessionId: 'session-1', msg: 'call' });
  });

  it.each([
    [{ userWallet: '0x123' }, 'user_wallet: must be 0x followed by 40 hexadecimal digits'],
    [{ userWallet: '' }, 'user_wallet: is required'],
    [
      { userWallet: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' },
      'user_wallet: has mixed case but is not a valid EIP-55 checksummed address',
    ],
    [{ destination: '   ' }, 'destination: must be 1 to 255 characters of text without control characters'],
    [
      { destination: 'x'.repeat(256) },
      'destination: must be 1 to 255 characters of text without control characters',
    ],
    [{ budget: 0 }, 'budget: must be a whole number of US dollars from 1 to 2147483647'],
    [{ budget: -5 }, 'budget: must be a whole number of US dollars from 1 to 2147483647'],
  ])('refuses %j before generating: %s', async (override, message) => {
    const before = generations;
    const rows = await rowCount();
    const err = await callError(
      client.generatePlan({ destination: 'Paris', budget: 2000, userWallet: WALLET_A, ...override }),
    );
    expect(err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(err.details).toBe(message);
    expect(generations).toBe(before);
    expect(await rowCount()).toBe(rows);
  });

  it('answers OUT_OF_RANGE with the minimum budget when nothing fits', async () => {
    const err = await callError(
      client.generatePlan({ destination: 'Paris', budget: 50, userWallet: WALLET_A }),
    );
    expect(err.code).toBe(GrpcStatus.OUT_OF_RANGE);
    expect(err.codeName).toBe('OUT_OF_RANGE');
    const minimum = Number(/the minimum is (\d+) USD/.exec(err.details)?.[1]);
    expect(minimum).toBeGreaterThan(50);
    // The minimum it names is enough.
    const { plan } = await client.generatePlan({
      destination: 'Paris',
      budget: minimum,
      userWallet: WALLET_B,
    });
    expect((plan?.planData as { grand_total: number } | undefined)?.grand_total).toBeLessThanOrEqual(minimum);
  });

  it('returns the first plan for a repeated idempotency key', async () => {
    const request = { destination: 'Rome', budget: 2500, userWallet: WALLET_A, idempotencyKey: 'gen-key-1' };
    const first = await client.generatePlan(request);
    const second = await client.generatePlan(request);
    expect(second.plan?.id).toBe(first.plan?.id);
    expect(second.formattedPlan).toBe(first.formattedPlan);
    expect(await rowCount("destination = 'Rome'")).toBe(1);
  });
});

describe('CreatePlan and GetPlan', () => {
  it('stores plan_data as given and reads it back unchanged', async () => {
    const { plan } = await client.createPlan({
      userWallet: WALLET_A,
      destination: 'Lisbon',
      budget: 1500,
      planData,
    });
    expect(plan?.planData).toEqual(planData);
    const got = await client.getPlan({ planId: plan?.id });
    expect(got.plan).toEqual(plan);
    const { rows } = await adminQuery<{ plan_data: unknown }>(
      'select plan_data from plans where id = $1',
      [plan?.id],
      db.name,
    );
    expect(rows[0]?.plan_data).toEqual(planData);
  });

  it('returns the first plan for a repeated key from the same wallet only', async () => {
    const request = {
      userWallet: WALLET_A,
      destination: 'Oslo',
      budget: 900,
      planData,
      idempotencyKey: 'k-1',
    };
    const first = await client.createPlan(request);
    const retry = await client.createPlan({ ...request, planData: { changed: true } });
    expect(retry.plan).toEqual(first.plan);
    const otherWallet = await client.createPlan({ ...request, userWallet: WALLET_B });
    expect(otherWallet.plan?.id).not.toBe(first.plan?.id);
    expect(await rowCount("destination = 'Oslo'")).toBe(2);
  });

  it.each([
    [{ planData: undefined }, 'plan_data: is required'],
    [{ userWallet: 'nope' }, 'user_wallet: must be 0x followed by 40 hexadecimal digits'],
    [{ budget: 0 }, 'budget: must be a whole number of US dollars from 1 to 2147483647'],
    [{ destination: '' }, 'destination: must be 1 to 255 characters of text without control characters'],
    [{ idempotencyKey: 'k'.repeat(256) }, 'idempotency_key: must be 1 to 255 characters'],
  ])('refuses %j with INVALID_ARGUMENT naming the field', async (override, message) => {
    const rows = await rowCount();
    const err = await callError(
      client.createPlan({ userWallet: WALLET_A, destination: 'Lisbon', budget: 1500, planData, ...override }),
    );
    expect([err.codeName, err.details]).toEqual(['INVALID_ARGUMENT', message]);
    expect(await rowCount()).toBe(rows);
  });

  it('answers NOT_FOUND, INVALID_ARGUMENT and PERMISSION_DENIED as the contract says', async () => {
    const notFound = await callError(client.getPlan({ planId: UNKNOWN_PLAN_ID }));
    expect([notFound.code, notFound.details]).toEqual([
      status.NOT_FOUND,
      `plan ${UNKNOWN_PLAN_ID} not found`,
    ]);
    const badId = await callError(client.getPlan({ planId: 'abc' }));
    expect([badId.code, badId.details]).toEqual([status.INVALID_ARGUMENT, 'plan_id: must be a UUID']);
    const noId = await callError(client.getPlan({}));
    expect(noId.details).toBe('plan_id: is required');

    const { plan } = await client.createPlan({
      userWallet: WALLET_A,
      destination: 'Bergen',
      budget: 800,
      planData,
    });
    const foreign = await callError(client.getPlan({ planId: plan?.id, userWallet: WALLET_B }));
    expect([foreign.code, foreign.details]).toEqual([
      status.PERMISSION_DENIED,
      `plan ${plan?.id} does not belong to the given wallet`,
    ]);
    const badWallet = await callError(client.getPlan({ planId: plan?.id, userWallet: '0xzz' }));
    expect(badWallet.details).toBe('user_wallet: must be 0x followed by 40 hexadecimal digits');
    // The owner, in either letter case.
    expect((await client.getPlan({ planId: plan?.id, userWallet: WALLET_A_CHECKSUMMED })).plan?.id).toBe(
      plan?.id,
    );
  });

  it('refuses a message above the server maxMessageBytes (256 KiB here) with RESOURCE_EXHAUSTED', async () => {
    const err = await callError(
      client.createPlan({
        userWallet: WALLET_A,
        destination: 'Big',
        budget: 100,
        planData: { blob: 'x'.repeat(300 * 1024) },
      }),
    );
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(await rowCount("destination = 'Big'")).toBe(0);
  });

  it('answers deeply nested plan_data as the store does: INVALID_ARGUMENT naming plan_data', async () => {
    const nested = (depth: number): PlanData => {
      let value: PlanData = { leaf: 1 };
      for (let i = 0; i < depth; i++) value = { n: value };
      return value;
    };
    const input = { userWallet: WALLET_A, destination: 'Deep', budget: 100 };
    // Around the store's limit, where protobuf decoding also gives up, and far past both.
    for (const depth of [30, 31, 32, 33, 34, 200]) {
      const storeVerdict = (() => {
        try {
          validateCreatePlanInput({ ...input, planData: nested(depth) });
          return 'OK';
        } catch (err) {
          return `INVALID_ARGUMENT ${(err as PlanValidationError).field}`;
        }
      })();
      const serviceVerdict = await client.createPlan({ ...input, planData: nested(depth) }).then(
        () => 'OK',
        (err: PlanServiceError) => `${err.codeName} ${err.field}`,
      );
      expect([depth, serviceVerdict]).toEqual([depth, storeVerdict.replace('planData', 'plan_data')]);
    }
    const deep = await callError(client.createPlan({ ...input, planData: nested(200) }));
    expect(deep.details).toBe(`plan_data: ${RULE_MESSAGES.planDataDepth}`);
    expect(await rowCount("destination = 'Deep'")).toBe(2); // 30 and 31
  });
});

describe('ListUserPlans', () => {
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      await client.createPlan({
        userWallet: WALLET_LIST,
        destination: `City ${i}`,
        budget: 100 + i,
        planData: { i },
      });
    }
  });

  it('pages newest first with the default page size of 20', async () => {
    const first = await client.listUserPlans({ userWallet: WALLET_LIST });
    expect(first.plans.map((p) => p.destination)).toEqual(
      Array.from({ length: 20 }, (_, i) => `City ${24 - i}`),
    );
    expect(first.nextPageToken).not.toBe('');
    const second = await client.listUserPlans({ userWallet: WALLET_LIST, pageToken: first.nextPageToken });
    expect(second.plans.map((p) => p.destination)).toEqual([
      'City 4',
      'City 3',
      'City 2',
      'City 1',
      'City 0',
    ]);
    expect(second.nextPageToken).toBe('');
  });

  it('honours page_size and the status filter', async () => {
    const page = await client.listUserPlans({ userWallet: WALLET_LIST, pageSize: 3 });
    expect(page.plans).toHaveLength(3);
    const target = page.plans[1]!;
    await client.confirmPlan({ planId: target.id, userWallet: WALLET_LIST });
    const confirmed = await client.listUserPlans({
      userWallet: WALLET_LIST,
      status: PlanStatus.PLAN_STATUS_CONFIRMED,
    });
    expect(confirmed.plans.map((p) => p.id)).toEqual([target.id]);
    const generated = await client.listUserPlans({
      userWallet: WALLET_LIST,
      status: PlanStatus.PLAN_STATUS_GENERATED,
      pageSize: 100,
    });
    expect(generated.plans).toHaveLength(24);
  });

  it('returns only the cost totals of plan_data in the BASIC view', async () => {
    const wallet = `0x${'e'.repeat(40)}`;
    const itinerary = {
      flights: [{ airline: 'X' }],
      hotels: [],
      total_cost: 100,
      platform_fee: 2,
      grand_total: 102,
    };
    await client.createPlan({ userWallet: wallet, destination: 'Basic', budget: 500, planData: itinerary });
    const basic = await client.listUserPlans({ userWallet: wallet, view: PlanView.PLAN_VIEW_BASIC });
    expect(basic.plans[0]!.planData).toEqual({ total_cost: 100, platform_fee: 2, grand_total: 102 });
    const full = await client.listUserPlans({ userWallet: wallet });
    expect(full.plans[0]!.planData).toEqual(itinerary);
  });

  it.each([
    [{ pageSize: 101 }, 'page_size: must be an integer from 1 to 100'],
    [{ pageSize: -1 }, 'page_size: must be an integer from 1 to 100'],
    [{ pageToken: 'not-a-token' }, 'page_token: is not a cursor returned by this store'],
    [{ status: 9 as PlanStatus }, 'status: must be one of PLAN_STATUS_UNSPECIFIED'],
    [{ status: 7 as PlanStatus }, 'status: must be one of PLAN_STATUS_UNSPECIFIED'],
    // proto3 enums are open: an unknown view must not be answered as FULL.
    [{ view: 9 as PlanView }, 'view: must be one of PLAN_VIEW_UNSPECIFIED, PLAN_VIEW_FULL, PLAN_VIEW_BASIC'],
    [{ userWallet: '' }, 'user_wallet: is required'],
    [{ userWallet: '0x1' }, 'user_wallet: must be 0x followed by 40 hexadecimal digits'],
  ])('refuses %j: %s', async (override, message) => {
    const err = await callError(client.listUserPlans({ userWallet: WALLET_LIST, ...override }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(message);
    // The field at fault travels as error detail too.
    expect(err.field).toBe(message.slice(0, message.indexOf(':')));
  });
});

describe('ConfirmPlan and CancelPlan', () => {
  it('walks the lifecycle and enforces ownership and transitions', async () => {
    const { plan } = await client.createPlan({
      userWallet: WALLET_A,
      destination: 'Kyoto',
      budget: 4000,
      planData,
    });
    const id = plan!.id;

    const missingWallet = await callError(client.confirmPlan({ planId: id }));
    expect([missingWallet.code, missingWallet.details]).toEqual([
      status.INVALID_ARGUMENT,
      'user_wallet: is required',
    ]);
    const foreign = await callError(client.confirmPlan({ planId: id, userWallet: WALLET_B }));
    expect(foreign.code).toBe(status.PERMISSION_DENIED);
    expect((await client.getPlan({ planId: id })).plan?.status).toBe(PlanStatus.PLAN_STATUS_GENERATED);

    const confirmed = await client.confirmPlan({
      planId: id,
      userWallet: WALLET_A_CHECKSUMMED,
      paymentMethod: 'cdp',
    });
    expect(confirmed.plan?.status).toBe(PlanStatus.PLAN_STATUS_CONFIRMED);
    expect(confirmed.plan!.updatedAt!.getTime()).toBeGreaterThan(plan!.updatedAt!.getTime());
    // Confirming again is a no-op that succeeds.
    expect((await client.confirmPlan({ planId: id, userWallet: WALLET_A })).plan).toEqual(confirmed.plan);

    const foreignCancel = await callError(client.cancelPlan({ planId: id, userWallet: WALLET_B }));
    expect(foreignCancel.code).toBe(status.PERMISSION_DENIED);
    const cancelled = await client.cancelPlan({ planId: id, userWallet: WALLET_A });
    expect(cancelled.plan?.status).toBe(PlanStatus.PLAN_STATUS_CANCELLED);
    expect((await client.cancelPlan({ planId: id, userWallet: WALLET_A })).plan?.status).toBe(
      PlanStatus.PLAN_STATUS_CANCELLED,
    );

    const illegal = await callError(client.confirmPlan({ planId: id, userWallet: WALLET_A }));
    expect([illegal.code, illegal.details]).toEqual([
      status.FAILED_PRECONDITION,
      `plan ${id} is cancelled and cannot become confirmed`,
    ]);
  });

  it('checks payment_method and session_id by the REST rules and records the payment method', async () => {
    const { plan } = await client.createPlan({
      userWallet: WALLET_A,
      destination: 'Nara',
      budget: 900,
      planData,
    });
    const request = { planId: plan!.id, userWallet: WALLET_A };
    const tooLong = await callError(client.confirmPlan({ ...request, paymentMethod: 'p'.repeat(65) }));
    expect([tooLong.codeName, tooLong.field, tooLong.details]).toEqual([
      'INVALID_ARGUMENT',
      'payment_method',
      'payment_method: must be a string of 1 to 64 characters',
    ]);
    const longSession = await callError(client.confirmPlan({ ...request, sessionId: 's'.repeat(256) }));
    expect(longSession.details).toBe('session_id: must be a string of at most 255 characters');
    expect((await client.getPlan({ planId: plan!.id })).plan?.status).toBe(PlanStatus.PLAN_STATUS_GENERATED);
    const generate = await callError(
      client.generatePlan({
        destination: 'Nara',
        budget: 900,
        userWallet: WALLET_A,
        sessionId: 's'.repeat(256),
      }),
    );
    expect(generate.field).toBe('session_id');

    await client.confirmPlan({ ...request, paymentMethod: 'card' });
    await client.confirmPlan(request);
    const methods = running.logs
      .filter((line) => line.method === 'ConfirmPlan' && line.code === 'OK')
      .map((line) => line.paymentMethod);
    expect(methods.slice(-2)).toEqual(['card', 'cdp']);
  });

  it('answers NOT_FOUND and INVALID_ARGUMENT for bad ids', async () => {
    const notFound = await callError(client.cancelPlan({ planId: UNKNOWN_PLAN_ID, userWallet: WALLET_A }));
    expect(notFound.code).toBe(status.NOT_FOUND);
    expect(notFound.details).toContain(UNKNOWN_PLAN_ID);
    const badId = await callError(client.cancelPlan({ planId: 'x', userWallet: WALLET_A }));
    expect([badId.code, badId.details]).toEqual([status.INVALID_ARGUMENT, 'plan_id: must be a UUID']);
    const noWallet = await callError(client.cancelPlan({ planId: UNKNOWN_PLAN_ID }));
    expect(noWallet.details).toBe('user_wallet: is required');
  });
});

describe('a plain grpc-js client built from the .proto', () => {
  it('serves all six RPCs with snake_case fields, Struct and Timestamp', async () => {
    const generated = await plainCall(plain, 'GeneratePlan', {
      destination: 'Tokyo',
      budget: 6000,
      user_wallet: WALLET_B,
    });
    const generatedPlan = generated.plan as Record<string, unknown>;
    expect(generatedPlan.status).toBe('PLAN_STATUS_GENERATED');
    expect(generated.formatted_plan).toMatch(/^# Trip to Tokyo/);

    const created = await plainCall(plain, 'CreatePlan', {
      user_wallet: WALLET_B,
      destination: 'Lisbon',
      budget: 1500,
      plan_data: toProtoStruct(planData),
      idempotency_key: 'plain-1',
    });
    const plan = created.plan as Record<string, unknown>;
    expect(fromProtoStruct(plan.plan_data as Record<string, unknown>)).toEqual(planData);
    const createdAt = plan.created_at as { seconds: string; nanos: number };
    expect(Math.abs(Number(createdAt.seconds) * 1000 - Date.now())).toBeLessThan(60_000);

    const got = await plainCall(plain, 'GetPlan', { plan_id: plan.id, user_wallet: WALLET_B });
    expect((got.plan as Record<string, unknown>).id).toBe(plan.id);

    const listed = await plainCall(plain, 'ListUserPlans', { user_wallet: WALLET_B, page_size: 100 });
    expect((listed.plans as Array<{ id: string }>).map((p) => p.id)).toContain(plan.id);

    const confirmed = await plainCall(plain, 'ConfirmPlan', { plan_id: plan.id, user_wallet: WALLET_B });
    expect((confirmed.plan as Record<string, unknown>).status).toBe('PLAN_STATUS_CONFIRMED');
    const cancelled = await plainCall(plain, 'CancelPlan', { plan_id: plan.id, user_wallet: WALLET_B });
    expect((cancelled.plan as Record<string, unknown>).status).toBe('PLAN_STATUS_CANCELLED');

    const error = await plainCall(plain, 'GetPlan', { plan_id: UNKNOWN_PLAN_ID }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: status.NOT_FOUND, details: `plan ${UNKNOWN_PLAN_ID} not found` });
  });

  it('echoes x-request-id and logs one line per call with it', async () => {
    const metadata = new Metadata();
    metadata.set('x-request-id', 'req-abc-123');
    const echoed = await new Promise<unknown>((resolve, reject) => {
      let header: unknown;
      const call = (
        plain.GetPlan as unknown as (...args: unknown[]) => { on(e: string, l: (m: Metadata) => void): void }
      )({ plan_id: UNKNOWN_PLAN_ID }, metadata, (err: unknown) =>
        err ? resolve(header) : reject(new Error('expected NOT_FOUND')),
      );
      call.on('metadata', (received) => {
        header = received.get('x-request-id')[0];
      });
    });
    expect(echoed).toBe('req-abc-123');
    const lines = running.logs.filter((l) => l.requestId === 'req-abc-123');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GetPlan', code: 'NOT_FOUND', msg: 'call', level: 30 });
    expect(lines[0]?.durationMs).toBeTypeOf('number');
    // Without one, the server makes one up.
    const generatedIds = running.logs.filter((l) => l.method === 'GeneratePlan').map((l) => l.requestId);
    for (const id of generatedIds) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('server reflection', () => {
  it('lists the service and serves linkable descriptors, well-known imports included', async () => {
    const definition = loadSync(REFLECTION_PROTO.pathname, { keepCase: true, defaults: true, oneofs: true });
    const root = loadPackageDefinition(definition) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (a: string, c: unknown) => ReflectionClient } } };
    };
    type Stream = {
      write(m: object): void;
      end(): void;
      on(e: 'data', l: (m: Record<string, never>) => void): void;
      on(e: 'error', l: (e: Error) => void): void;
    };
    type ReflectionClient = { ServerReflectionInfo(): Stream; close(): void };
    const reflection = new root.grpc.reflection.v1.ServerReflection(
      running.address,
      grpcCredentials.createInsecure(),
    );
    try {
      const ask = (request: object) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const stream = reflection.ServerReflectionInfo();
          stream.on('data', (message) => {
            resolve(message);
            stream.end();
          });
          stream.on('error', reject);
          stream.write(request);
        });
      const descriptorsOf = (response: Record<string, unknown>) =>
        (response.file_descriptor_response as { file_descriptor_proto: Buffer[] }).file_descriptor_proto.map(
          (bytes) => fromBinary(FileDescriptorProtoSchema, bytes),
        );
      const services = await ask({ list_services: '' });
      const names = (services.list_services_response as { service: Array<{ name: string }> }).service.map(
        (s) => s.name,
      );
      expect(names.sort()).toEqual([
        'grpc.health.v1.Health',
        'travel.analytics.v1.AnalyticsService',
        'travel.auth.v1.AuthService',
        'travel.plan.v1.PlanService',
      ]);
      const [authFile] = descriptorsOf(await ask({ file_containing_symbol: 'travel.auth.v1.AuthService' }));
      expect([authFile?.name, authFile?.dependency]).toEqual([
        'travel/auth/v1/auth_service.proto',
        ['google/protobuf/timestamp.proto'],
      ]);

      const files = descriptorsOf(await ask({ file_containing_symbol: 'travel.plan.v1.PlanService' }));
      expect(files.map((f) => f.name)).toEqual([
        'travel/plan/v1/plan_service.proto',
        'google/protobuf/struct.proto',
        'google/protobuf/timestamp.proto',
      ]);
      const [own] = files;
      // What Go clients (grpcurl, buf curl) need to link the file: its imports and qualified names.
      expect(own?.dependency).toEqual(['google/protobuf/struct.proto', 'google/protobuf/timestamp.proto']);
      expect(own?.syntax).toBe('proto3');
      const planFields = own?.messageType.find((m) => m.name === 'Plan')?.field;
      expect(planFields?.map((f) => [f.name, f.jsonName, f.typeName])).toContainEqual([
        'plan_data',
        'planData',
        '.google.protobuf.Struct',
      ]);
      expect(own?.service[0]?.method.map((m) => [m.name, m.inputType])).toContainEqual([
        'ListUserPlans',
        '.travel.plan.v1.ListUserPlansRequest',
      ]);
      const [analytics] = descriptorsOf(
        await ask({ file_containing_symbol: 'travel.analytics.v1.AnalyticsService' }),
      );
      expect([analytics?.name, analytics?.dependency]).toEqual([
        'travel/analytics/v1/analytics_service.proto',
        ['google/protobuf/timestamp.proto'],
      ]);
      const [health] = descriptorsOf(await ask({ file_containing_symbol: 'grpc.health.v1.Health' }));
      expect([health?.name, health?.dependency]).toEqual(['grpc/health/v1/health.proto', []]);
      // Map fields need protoc's entry names, or Go clients refuse the file.
      const listResponse = health?.messageType.find((m) => m.name === 'HealthListResponse');
      expect(listResponse?.nestedType.map((m) => m.name)).toEqual(['StatusesEntry']);
      expect(listResponse?.field[0]?.typeName).toBe('.grpc.health.v1.HealthListResponse.StatusesEntry');
      const [struct] = descriptorsOf(await ask({ file_by_filename: 'google/protobuf/struct.proto' }));
      expect(struct?.messageType.map((m) => m.name)).toEqual(['Struct', 'Value', 'ListValue']);
    } finally {
      reflection.close();
    }
  });
});

describe('metrics', () => {
  it('counts calls by method and code, and reports the pool', async () => {
    await callError(client.getPlan({ planId: UNKNOWN_PLAN_ID }));
    const text = await running.service.metrics.metrics();
    expect(text).toMatch(new RegExp(`${METRIC_NAMES.calls}\\{method="GetPlan",code="NOT_FOUND"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`${METRIC_NAMES.callDuration}_count\\{method="GeneratePlan"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`${METRIC_NAMES.poolConnections}\\{state="max"\\} 5`));
    expect(text).toContain(`${METRIC_NAMES.serving} 1`);
    expect(text).toContain(`${METRIC_NAMES.callsInFlight} 0`);
  });
});

describe('an unexpected database error', () => {
  it('answers INTERNAL with a generic message and logs the sanitized cause', async () => {
    const empty = await createTestDatabase({ empty: true });
    const brokenStore = createTestStore(empty.url);
    const broken = await startService({ store: brokenStore });
    try {
      const err = await callError(
        broken.client.getPlan({ planId: UNKNOWN_PLAN_ID }, { requestId: 'broken-1' }),
      );
      expect(err.code).toBe(status.INTERNAL);
      expect(err.details).toBe('internal error (request id broken-1)');
      const line = broken.logs.find((l) => l.requestId === 'broken-1');
      expect(line).toMatchObject({ method: 'GetPlan', code: 'INTERNAL', level: 50 });
      const cause = line?.cause as Array<{ code?: string; message: string }>;
      expect(cause[0]).toMatchObject({ code: 'STORE_INTERNAL' });
      expect(cause.some((c) => c.code === '42P01' && c.message === 'relation "plans" does not exist')).toBe(
        true,
      );
      expect(JSON.stringify(line)).not.toMatch(/select|password|\n {4}at /i);
    } finally {
      await broken.stop();
      await brokenStore.close();
      await empty.drop();
    }
  });
});
