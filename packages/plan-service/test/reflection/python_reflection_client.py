"""A server reflection client on Python's own protobuf (the C++ implementation on Debian).

Usage: python_reflection_client.py ADDRESS REFLECTION_DESCRIPTOR_SET

Lists the services, fetches every file that defines them and, transitively, every file those
import, and adds each to a fresh DescriptorPool, which validates it as protoc's own output would be
validated. Prints a JSON summary; any failure exits non-zero with the reason on stderr.
"""

import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.internal import api_implementation

METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def reflection_messages(descriptor_set_path):
    """The reflection request and response classes, built from reflection.proto's descriptor set."""
    with open(descriptor_set_path, "rb") as f:
        descriptor_set = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_set.file:
        pool.Add(file)
    request = pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionRequest")
    response = pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionResponse")
    return message_class(pool, request), message_class(pool, response)


def message_class(pool, descriptor):
    # GetMessageClass arrived in protobuf 4.21; Debian 12 ships 3.21, which has only the factory.
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def main(address, descriptor_set_path):
    Request, Response = reflection_messages(descriptor_set_path)
    channel = grpc.insecure_channel(address)
    call = channel.stream_stream(
        METHOD, request_serializer=Request.SerializeToString, response_deserializer=Response.FromString
    )

    def ask(**fields):
        [answer] = list(call(iter([Request(**fields)]), timeout=10))
        if answer.HasField("error_response"):
            raise RuntimeError(f"reflection error for {fields}: {answer.error_response.error_message}")
        return answer

    services = [s.name for s in ask(list_services="").list_services_response.service]
    files = {}

    def load(answer):
        for raw in answer.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
            if proto.name not in files:
                files[proto.name] = proto
                for dependency in proto.dependency:
                    if dependency not in files:
                        load(ask(file_by_filename=dependency))

    for service in services:
        load(ask(file_containing_symbol=service))

    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name in added:
            return
        for dependency in files[name].dependency:
            add(dependency)
        pool.Add(files[name])  # validates the file, as protoc's own descriptors pass
        added.add(name)

    for name in sorted(files):
        add(name)
    methods = {
        service: [
            f"{m.name}({m.input_type.full_name}) -> {m.output_type.full_name}"
            for m in pool.FindServiceByName(service).methods
        ]
        for service in services
    }
    print(
        json.dumps(
            {
                "implementation": api_implementation.Type(),
                "services": sorted(services),
                "files": sorted(files),
                "methods": methods,
            }
        )
    )


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2])
    except Exception as error:  # one line for the test's assertion message
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
