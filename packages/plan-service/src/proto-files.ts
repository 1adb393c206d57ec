import { fromJson, type JsonValue, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { PackageDefinition } from '@grpc/proto-loader';
// Written by `pnpm gen` (`buf build`) from proto/: the descriptors protoc itself would produce for
// plan_service.proto, grpc.health.v1 and the well-known files they import.
import descriptorSet from './gen/descriptor-set.json';

/** The files the descriptor set describes, by name (`travel/plan/v1/plan_service.proto`, …). */
export const REFLECTED_FILES: readonly string[] = Object.freeze(descriptorSet.file.map((file) => file.name));

/**
 * Server reflection's package definition: every file of the descriptor set that `pnpm gen` built,
 * encoded as it was built. `@grpc/reflection` reads nothing but the `fileDescriptorProtos` of
 * each entry.
 */
export function reflectionDefinition(): PackageDefinition {
  const set = fromJson(FileDescriptorSetSchema, descriptorSet as unknown as JsonValue);
  const fileDescriptorProtos = set.file.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  return { reflection: { fileDescriptorProtos } } as unknown as PackageDefinition;
}
