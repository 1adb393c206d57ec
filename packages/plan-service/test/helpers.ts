import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  type ChannelCredentials,
  type Client,
  credentials,
  loadPackageDefinition,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  createPlanService,
  createPlanServiceClient,
  type PlanServiceClient,
  type PlanServiceClientOptions,
  PlanServiceError,
  type PlanServiceOptions,
  type PlanServiceServer,
} from '@travel-planner/plan-service';
import { createPlanStore, type PlanStore, type PoolOptions } from '@travel-planner/plan-store';
import { type Logger, pino } from 'pino';
import { expect } from 'vitest';

export const WALLET_A = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
export const WALLET_A_CHECKSUMMED = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
export const WALLET_B = '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359';
export const UNKNOWN_PLAN_ID = '00000000-0000-4000-8000-000000000000';

/** A parsed log line. */
export type LogLine = Record<string, unknown> & { msg: string };

/** A pino logger whose lines land in `lines` instead of stdout. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** A store over `url` with a small pool and no warnings on the console. */
export function createTestStore(url: string, pool: Partial<PoolOptions> = {}): PlanStore {
  return createPlanStore({
    databaseUrl: url,
    logger: { warn() {} },
    pool: { size: 0, maxOverflow: 5, ...pool },
  });
}

/** A running service on an ephemeral port, with a client and its captured log lines. */
export interface RunningService {
  service: PlanServiceServer;
  port: number;
  address: string;
  client: PlanServiceClient;
  logs: LogLine[];
  /** Closes the client and shuts the server down (the store stays open). */
  stop(): Promise<void>;
}

/** Starts `createPlanService(options)` on 127.0.0.1:0 and connects a client to it. */
export async function startService(
  options: Omit<PlanServiceOptions, 'logger'>,
  clientOptions: Partial<PlanServiceClientOptions> = {},
): Promise<RunningService> {
  const { logger, lines } = captureLogger();
  const service = createPlanService({ ...options, logger });
  const port = await service.listen('127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  const client = createPlanServiceClient({ address, ...clientOptions });
  return {
    service,
    port,
    address,
    client,
    logs: lines,
    async stop() {
      client.close();
      await service.shutdown({ graceMs: 2000 });
    },
  };
}

/** Awaits a call that must fail and returns its {@link PlanServiceError}. */
export async function callError(promise: Promise<unknown>): Promise<PlanServiceError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome))
    throw new Error(`expected the call to fail, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(PlanServiceError);
  return outcome.error as PlanServiceError;
}

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes; returns the time taken. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
  return performance.now() - started;
}

type PlainCallback = (error: ServiceError | null, response: Record<string, unknown>) => void;
type PlainMethod = (request: object, metadata: Metadata | PlainCallback, callback?: PlainCallback) => unknown;

/** The repository's .proto files. */
export const PROTO_DIRECTORY = fileURLToPath(new URL('../../../proto', import.meta.url));
/** The service's .proto file, relative to {@link PROTO_DIRECTORY}. */
export const PLAN_SERVICE_PROTO = 'travel/plan/v1/plan_service.proto';

/** A PlanService client built by grpc-js and proto-loader from the .proto alone (snake_case fields). */
export type PlainClient = Client & Record<string, PlainMethod>;

/** Connects a plain grpc-js client, the way a non-TypeScript caller would. */
export function createPlainClient(
  address: string,
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
): PlainClient {
  const definition = loadSync(PLAN_SERVICE_PROTO, {
    includeDirs: [PROTO_DIRECTORY],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const root = loadPackageDefinition(definition) as unknown as {
    travel: {
      plan: { v1: { PlanService: new (address: string, creds: ChannelCredentials) => PlainClient } };
    };
  };
  return new root.travel.plan.v1.PlanService(address, channelCredentials);
}

/** Calls a plain client's method as a promise. */
export function plainCall(
  client: PlainClient,
  method: string,
  request: object,
  metadata?: Metadata,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const callback: PlainCallback = (error, response) => (error ? reject(error) : resolve(response));
    const fn = client[method];
    if (!fn) throw new Error(`no method ${method}`);
    if (metadata) fn.call(client, request, metadata, callback);
    else fn.call(client, request, callback);
  });
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type ProtoValue = Record<string, unknown>;

/**
 * A JSON value as proto-loader's google.protobuf.Value object. The well-known types come from
 * protobufjs's bundled descriptors, whose fields stay camelCase even with `keepCase`.
 */
export function toProtoValue(value: JsonValue): ProtoValue {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(toProtoValue) } };
  return { structValue: toProtoStruct(value) };
}

/** A JSON object as proto-loader's google.protobuf.Struct object. */
export function toProtoStruct(object: { [key: string]: JsonValue }): ProtoValue {
  return { fields: Object.fromEntries(Object.entries(object).map(([k, v]) => [k, toProtoValue(v)])) };
}

/** Reads proto-loader's google.protobuf.Struct back into JSON. */
export function fromProtoStruct(struct: ProtoValue): { [key: string]: JsonValue } {
  const fields = (struct.fields ?? {}) as Record<string, ProtoValue>;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fromProtoValue(v)]));
}

function fromProtoValue(value: ProtoValue): JsonValue {
  switch (value.kind) {
    case 'nullValue':
      return null;
    case 'boolValue':
      return value.boolValue as boolean;
    case 'numberValue':
      return value.numberValue as number;
    case 'stringValue':
      return value.stringValue as string;
    case 'listValue':
      return ((value.listValue as { values?: ProtoValue[] }).values ?? []).map(fromProtoValue);
    default:
      return fromProtoStruct(value.structValue as ProtoValue);
  }
}
