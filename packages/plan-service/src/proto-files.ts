import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type DescriptorProto,
  type EnumDescriptorProto,
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
} from '@bufbuild/protobuf/wkt';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

/** The service's .proto file, relative to the proto directory. */
export const PLAN_SERVICE_PROTO = 'travel/plan/v1/plan_service.proto';

const PLAN_SERVICE_PACKAGE = 'travel.plan.v1';

/** The analytics service's .proto file, relative to the proto directory. */
export const ANALYTICS_SERVICE_PROTO = 'travel/analytics/v1/analytics_service.proto';

// The well-known files plan_service.proto imports, exactly as protoc compiles them.
const WELL_KNOWN_FILES = [file_google_protobuf_struct.proto, file_google_protobuf_timestamp.proto];

/**
 * The directory holding the .proto files. From the sources (tests, tsx) it is the repository's
 * `proto/`; from the build it is the copy in the package's own `proto/`, beside `dist/`.
 */
export function defaultProtoDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === 'src' ? resolve(here, '../../../proto') : resolve(here, '../proto');
}

function* typesOf(
  scope: string,
  messages: readonly DescriptorProto[],
  enums: readonly EnumDescriptorProto[],
): Generator<[fullName: string, message: DescriptorProto | undefined]> {
  for (const e of enums) yield [`${scope}.${e.name}`, undefined];
  for (const m of messages) {
    const name = `${scope}.${m.name}`;
    yield [name, m];
    yield* typesOf(name, m.nestedType, m.enumType);
  }
}

const jsonName = (field: string) => field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// A file proto-loader parsed, and the name and package it has in protoc's terms.
interface SourceFile {
  name: string;
  package: string;
  load(): PackageDefinition;
}

const pascalCase = (field: string) => jsonName(field).replace(/^[a-z]/, (c) => c.toUpperCase());

// protobufjs names a map field's entry type after the field (`Statuses`); protoc, and the Go
// runtime that validates descriptors, want `StatusesEntry`.
function renameMapEntries(messages: readonly DescriptorProto[]): void {
  for (const message of messages) {
    for (const entry of message.nestedType) {
      if (!entry.options?.mapEntry) continue;
      const refersToEntry = (typeName: string) =>
        typeName === entry.name || typeName.endsWith(`.${entry.name}`);
      const field = message.field.find((f) => refersToEntry(f.typeName));
      if (!field) continue;
      const name = `${pascalCase(field.name)}Entry`;
      field.typeName = `${field.typeName.slice(0, -entry.name.length)}${name}`;
      entry.name = name;
    }
    renameMapEntries(message.nestedType);
  }
}

function ownFile(source: SourceFile): FileDescriptorProto {
  const file = Object.values(source.load())
    .flatMap((definition) => (definition as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? [])
    .map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes))
    .find((candidate) => candidate.package === source.package);
  if (!file) throw new Error(`${source.name} declares no package ${source.package}`);
  renameMapEntries(file.messageType);
  return file;
}

/**
 * Server reflection's package definition for plan_service.proto and grpc.health.v1, with
 * descriptors a Go client (grpcurl, buf curl) can link. proto-loader (protobufjs) describes one
 * file per package (`travel_plan_v1.proto`) with relative type names, no imports and camelCase
 * well-known types, and clients then fail with `cannot resolve type "*.google.protobuf.Struct"`
 * (grpc-node#2958, grpcurl#459). So each file gets its real name, its imports and fully qualified
 * type names, and the well-known files are protoc's own.
 */
export function loadReflectionDefinition(protoDirectory = defaultProtoDirectory()): PackageDefinition {
  const sources: SourceFile[] = [
    {
      name: PLAN_SERVICE_PROTO,
      package: PLAN_SERVICE_PACKAGE,
      load: () => loadSync(PLAN_SERVICE_PROTO, { includeDirs: [protoDirectory], keepCase: true }),
    },
    {
      name: ANALYTICS_SERVICE_PROTO,
      package: 'travel.analytics.v1',
      load: () => loadSync(ANALYTICS_SERVICE_PROTO, { includeDirs: [protoDirectory], keepCase: true }),
    },
    {
      name: 'grpc/health/v1/health.proto',
      package: 'grpc.health.v1',
      load: () => loadSync(healthProtoPath, { keepCase: true }),
    },
  ];
  const files = sources.map((source) => ({ source, file: ownFile(source) }));

  // Every type a file can refer to, and the file that defines it.
  const definedIn = new Map<string, string>();
  for (const wkt of WELL_KNOWN_FILES) {
    for (const [name] of typesOf(wkt.package, wkt.messageType, wkt.enumType)) definedIn.set(name, wkt.name);
  }
  for (const { source, file } of files) {
    for (const [name] of typesOf(file.package, file.messageType, file.enumType))
      definedIn.set(name, source.name);
  }

  const imported = new Set<string>();
  for (const { source, file } of files) {
    const imports = new Set<string>();
    // protobuf's scoping rule: look in the innermost scope first, then each enclosing one.
    const qualify = (typeName: string, scope: string): string => {
      if (typeName === '' || typeName.startsWith('.')) return typeName;
      for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
        const candidate = s === '' ? typeName : `${s}.${typeName}`;
        const owner = definedIn.get(candidate);
        if (owner !== undefined) {
          if (owner !== source.name) imports.add(owner);
          return `.${candidate}`;
        }
        if (s === '') throw new Error(`${source.name}: cannot resolve type ${typeName}`);
      }
    };
    for (const [scope, message] of typesOf(file.package, file.messageType, file.enumType)) {
      for (const field of message?.field ?? []) {
        field.typeName = qualify(field.typeName, scope);
        field.jsonName = jsonName(field.name);
      }
    }
    for (const service of file.service) {
      for (const method of service.method) {
        method.inputType = qualify(method.inputType, file.package);
        method.outputType = qualify(method.outputType, file.package);
      }
    }
    file.name = source.name;
    file.syntax = 'proto3';
    file.dependency = [...imports].sort();
    for (const name of imports) imported.add(name);
  }

  const descriptors = [
    ...files.map(({ file }) => file),
    ...WELL_KNOWN_FILES.filter((wkt) => imported.has(wkt.name)),
  ].map((file) => toBinary(FileDescriptorProtoSchema, file));
  // ReflectionService reads nothing but the `fileDescriptorProtos` of each entry.
  return { [PLAN_SERVICE_PACKAGE]: { fileDescriptorProtos: descriptors } } as unknown as PackageDefinition;
}
