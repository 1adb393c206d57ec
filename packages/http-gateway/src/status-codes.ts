import { status as GrpcStatus } from '@grpc/grpc-js';

/** The name of a gRPC status code, e.g. `NOT_FOUND`. */
export type GrpcStatusName = keyof typeof GrpcStatus;

/**
 * The HTTP status the gateway answers for each gRPC status of a plan-service call.
 *
 * The rows follow grpc-gateway v2 (`runtime/errors.go` `HTTPStatusFromCode`) and Envoy
 * (`grpcToHttpStatus`), both taken from google/rpc/code.proto, with one deliberate deviation:
 * FAILED_PRECONDITION. The table is a `Record` over every code, so a missing row fails to compile.
 */
export const GRPC_TO_HTTP_STATUS: Readonly<Record<GrpcStatusName, number>> = Object.freeze({
  // Success; never an error, listed so the table covers every code.
  OK: 200,
  // The caller went away or cancelled the call: nginx's "client closed request", as grpc-gateway and Envoy use.
  CANCELLED: 499,
  // An error plan-service could not classify; the message is replaced by a generic one.
  UNKNOWN: 500,
  // Malformed input; plan-service's message names the offending field.
  INVALID_ARGUMENT: 400,
  // The request's deadline passed before plan-service answered.
  DEADLINE_EXCEEDED: 504,
  // No plan with that id.
  NOT_FOUND: 404,
  // The resource already exists (not raised today: idempotent retries return the first plan).
  ALREADY_EXISTS: 409,
  // The wallet does not own the plan, or is not the signed-in wallet.
  PERMISSION_DENIED: 403,
  // A quota or message-size limit was hit; retrying later may succeed.
  RESOURCE_EXHAUSTED: 429,
  // Deliberate deviation (grpc-gateway and Envoy say 400): plan-service raises it for an illegal status
  // transition such as confirming a cancelled plan, which is a conflict with the plan's current state.
  FAILED_PRECONDITION: 409,
  // Deliberate deviation (grpc-gateway and Envoy say 409): plan-service raises it only for an edit whose
  // version is stale, which over REST is an If-Match that no longer matches: 412 Precondition Failed.
  ABORTED: 412,
  // Out of the accepted range, e.g. a budget too small for any trip (the message states the minimum).
  OUT_OF_RANGE: 400,
  // plan-service does not implement the method (an older server than this gateway).
  UNIMPLEMENTED: 501,
  // A bug or invariant violation inside plan-service; the message is replaced by a generic one.
  INTERNAL: 500,
  // plan-service is unreachable, or its database is down or its pool exhausted.
  UNAVAILABLE: 503,
  // Unrecoverable data loss or corruption; the message is replaced by a generic one.
  DATA_LOSS: 500,
  // No, or an invalid, sign-in session (or a refused sign-in); or plan-service rejected the
  // gateway's own token, a configuration problem. The session plugin adds WWW-Authenticate.
  UNAUTHENTICATED: 401,
});

/** The name of a numeric gRPC status code, or `UNKNOWN` for a number outside the enum. */
export function grpcStatusName(code: number): GrpcStatusName {
  const name = GrpcStatus[code];
  return typeof name === 'string' && name in GRPC_TO_HTTP_STATUS ? (name as GrpcStatusName) : 'UNKNOWN';
}

/** The HTTP status for a numeric gRPC status code; a code outside the enum is treated as UNKNOWN (500). */
export function httpStatusFromGrpc(code: number): number {
  return GRPC_TO_HTTP_STATUS[grpcStatusName(code)];
}
