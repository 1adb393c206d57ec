import type { ServiceDefinition } from '@grpc/grpc-js';
import { PlanValidationError, RULE_MESSAGES } from '@travel-planner/plan-store/rules';

// grpc-js answers a request its deserializer throws on with INTERNAL "Error deserializing request"
// before any handler runs. A request the service cannot read is the caller's fault, so the
// deserializer hands the failure to the handler, which refuses it as INVALID_ARGUMENT.
const UNDECODABLE: unique symbol = Symbol('undecodable request');

interface UndecodableRequest {
  [UNDECODABLE]: PlanValidationError;
}

// ts-proto's decoders stop at 100 nested messages. Of the request fields only plan_data (a
// google.protobuf.Struct) nests, three messages per JSON level, so the limit is met just past the
// store's own MAX_PLAN_DATA_DEPTH: the refusal is the store's.
function decodeFailure(err: unknown): PlanValidationError {
  return err instanceof Error && err.message.includes('recursion limit')
    ? new PlanValidationError('planData', RULE_MESSAGES.planDataDepth)
    : new PlanValidationError('input', 'is not a valid protobuf message of this method');
}

/** The same service definition, with each request deserializer reporting failures to {@link decodedRequest}. */
export function withDecodeFailuresAsInvalidArgument<S extends ServiceDefinition>(service: S): S {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] = {
      ...method,
      requestDeserialize(bytes: Buffer): unknown {
        try {
          return method.requestDeserialize(bytes);
        } catch (err) {
          return { [UNDECODABLE]: decodeFailure(err) } satisfies UndecodableRequest;
        }
      },
    };
  }
  return wrapped as S;
}

/**
 * Returns the request, or throws the `PlanValidationError` (`plan_data` nested too deep, or not a
 * valid message) that its deserializer recorded.
 */
export function decodedRequest<Req>(request: Req): Req {
  if (typeof request === 'object' && request !== null && UNDECODABLE in request) {
    throw (request as UndecodableRequest)[UNDECODABLE];
  }
  return request;
}
