// plan-service's own fixtures: a client built from the .proto alone, Struct conversion, failed
// calls. Shared test support is in test/support.

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
import { PlanServiceError } from '@travel-planner/plan-service';
import { expect } from 'vitest';

export const UNKNOWN_PLAN_ID = '00000000-0000-4000-8000-000000000000';

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
