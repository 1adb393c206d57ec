// Every failure the gateway answers, in one place: its closed set of codes with their HTTP status and
// caller-facing text, the classification of whatever a route, Fastify or Node's parser raised, and
// Fastify's hooks that answer each in the legacy body shape.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PlanServiceError } from '@travel-planner/plan-service/client';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { errorBody, type LegacyShape } from './legacy-bodies';
import { REQUEST_ID_HEADER } from './request-id';
import type { RouteShapes } from './route-shapes';
import { GRPC_TO_HTTP_STATUS, type GrpcStatusName, grpcStatusName } from './status-codes';
import { type HttpPart, restFieldName, validationMessage } from './validation';

/**
 * The gateway's own error codes and how each is answered. 4xx texts are defaults a more precise
 * message may replace; 5xx texts always replace the cause (fastify Errors.md § Security), so SQL,
 * stack traces and addresses never reach a caller.
 */
export const GATEWAY_ERRORS = Object.freeze({
  INVALID_ARGUMENT: { statusCode: 400, message: 'Bad request' },
  PERMISSION_DENIED: { statusCode: 403, message: 'Forbidden' },
  NOT_FOUND: { statusCode: 404, message: 'Route not found' },
  METHOD_NOT_ALLOWED: { statusCode: 405, message: 'Method not allowed' },
  REQUEST_TIMEOUT: { statusCode: 408, message: 'the request did not arrive in time' },
  // An edit's If-Match that names no current version of the plan; the same code as plan-service's
  // ABORTED for a stale version, which the status table also answers with 412.
  ABORTED: {
    statusCode: 412,
    message: 'If-Match: does not match the ETag of the plan; read the plan again and reapply the change',
  },
  PAYLOAD_TOO_LARGE: { statusCode: 413, message: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Unsupported content type: send application/json' },
  // An edit without If-Match (or with `*`): it must name the version it read.
  PRECONDITION_REQUIRED: {
    statusCode: 428,
    message: 'If-Match: required; send the ETag of the plan as you read it (GET /plans/{plan_id})',
  },
  RESOURCE_EXHAUSTED: { statusCode: 429, message: 'Too many requests, retry later' },
  HEADERS_TOO_LARGE: { statusCode: 431, message: 'the request headers are too large' },
  INTERNAL: { statusCode: 500, message: 'Internal server error' },
  UNIMPLEMENTED: { statusCode: 501, message: 'Not implemented by plan-service' },
  BAD_GATEWAY: { statusCode: 502, message: 'Bad gateway' },
  UNAVAILABLE: {
    statusCode: 503,
    message: 'Plan service is temporarily unavailable, please retry later',
  },
  // A timeout rarely means "stored": plan-service does not commit when too little of the deadline
  // is left for its answer to come back (see the README, "Deadlines").
  DEADLINE_EXCEEDED: {
    statusCode: 504,
    message:
      'The request timed out. The plan was most likely not saved: plan-service does not commit once less of the deadline is left than its answers need to come back, so only an answer delayed on its way back leaves a saved plan. Retry with the same Idempotency-Key header: a saved plan is then returned, never saved twice',
  },
} satisfies Record<string, { statusCode: number; message: string }>);

/** A code of the gateway's own failures. */
export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

/** How the gateway answers one failed request. */
export interface HttpFailure {
  /** HTTP status. */
  statusCode: number;
  /** Machine-readable reason: a gRPC status name from plan-service, or a gateway code. */
  code: GatewayErrorCode | GrpcStatusName;
  /** Safe to show to a caller: never SQL, stack traces or connection details. */
  message: string;
}

/**
 * A failure raised by the gateway itself. For a 4xx code `message` is shown to the caller; for a
 * 5xx code it is logged only and the caller gets the code's generic text.
 */
export class GatewayError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: GatewayErrorCode,
    message: string = GATEWAY_ERRORS[code].message,
  ) {
    super(message);
    this.name = 'GatewayError';
    this.statusCode = GATEWAY_ERRORS[code].statusCode;
  }

  /** A request with a method the path does not serve. */
  static methodNotAllowed(method: string, path: string): GatewayError {
    return new GatewayError('METHOD_NOT_ALLOWED', `Method ${method} is not allowed on ${path}`);
  }

  /** A path no route serves. */
  static routeNotFound(method: string, path: string): GatewayError {
    return new GatewayError('NOT_FOUND', `Route ${method} ${path} not found`);
  }

  /** A cookie-authenticated request that changes state, from an origin outside the allow-list (CSRF). */
  static crossSiteRequest(): GatewayError {
    return new GatewayError(
      'PERMISSION_DENIED',
      'origin: requests authenticated by the session cookie may not change state from this origin',
    );
  }

  /** A successful call that returned no plan: plan-service broke its contract. */
  static missingPlan(rpc: string): GatewayError {
    return new GatewayError('INTERNAL', `plan-service ${rpc} answered without a plan`);
  }
}

/** The answer for a gateway code, with `message` for a 4xx code or the code's own text. */
export function gatewayFailure(code: GatewayErrorCode, message?: string): HttpFailure {
  const { statusCode, message: generic } = GATEWAY_ERRORS[code];
  return { statusCode, code, message: statusCode < 500 && message !== undefined ? message : generic };
}

// The gateway code of each HTTP status in the table; any other 4xx is a plain bad request and any
// other 5xx an internal error.
const CODE_BY_STATUS: ReadonlyMap<number, GatewayErrorCode> = new Map(
  (Object.entries(GATEWAY_ERRORS) as [GatewayErrorCode, { statusCode: number }][]).map(
    ([code, { statusCode }]) => [statusCode, code],
  ),
);

function codeForStatus(statusCode: number): GatewayErrorCode {
  return CODE_BY_STATUS.get(statusCode) ?? (statusCode < 500 ? 'INVALID_ARGUMENT' : 'INTERNAL');
}

/** The generic text of a 5xx status. */
export function genericServerMessage(statusCode: number): string {
  return GATEWAY_ERRORS[codeForStatus(Math.max(statusCode, 500))].message;
}

// A 400 names the field the caller sent: plan-service names the proto field as error detail.
function clientMessage(error: PlanServiceError): string {
  if (error.field === undefined) return error.details || error.codeName;
  return `${restFieldName(error.field)}: ${error.problem}`;
}

// Errors Fastify, its router and Node's HTTP parser raise, and how the gateway answers them (their
// own texts are terse, name internals such as the content-type parser, or echo the URL).
const FRAMEWORK_ERRORS: Readonly<Record<string, readonly [GatewayErrorCode, string?]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_ARGUMENT', 'body: malformed JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_ARGUMENT', 'body: field required (the JSON body is empty)'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['INVALID_ARGUMENT', 'Request body size did not match Content-Length'],
  FST_ERR_BAD_URL: ['INVALID_ARGUMENT', 'the URL is not valid percent-encoded UTF-8'],
  FST_ERR_MAX_PARAM_LENGTH: ['INVALID_ARGUMENT', 'a path parameter is too long'],
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT'],
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE'],
};

function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Classifies anything a route, Fastify or its router raised: a plan-service error through the
 * gRPC→HTTP table, a gateway error through {@link GATEWAY_ERRORS}, a request validation error as a
 * 400 naming the field, Fastify's own client errors with the gateway's text, and everything else as
 * a 500 with a generic message.
 * @param bodyLimit the body limit in bytes, quoted in the 413 message
 */
export function toHttpFailure(error: unknown, bodyLimit: number): HttpFailure {
  if (error instanceof PlanServiceError) {
    const code = grpcStatusName(error.code);
    const statusCode = GRPC_TO_HTTP_STATUS[code];
    // 4xx details are plan-service's validation messages, written for callers; 5xx details may
    // carry internals and are replaced.
    const message = statusCode < 500 ? clientMessage(error) : genericServerMessage(statusCode);
    return { statusCode, code, message };
  }
  if (error instanceof GatewayError) return gatewayFailure(error.code, error.message);
  const fastifyError = error as FastifyError | null;
  if (Array.isArray(fastifyError?.validation)) {
    return gatewayFailure(
      'INVALID_ARGUMENT',
      validationMessage(fastifyError.validation, fastifyError.validationContext as HttpPart | undefined),
    );
  }
  const errorCode = errorCodeOf(error);
  if (errorCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return gatewayFailure('PAYLOAD_TOO_LARGE', `Request body is larger than ${bodyLimit} bytes`);
  }
  const known = errorCode === undefined ? undefined : FRAMEWORK_ERRORS[errorCode];
  if (known) return gatewayFailure(known[0], known[1]);
  const statusCode = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  // Another Fastify 4xx (the rate limit's 429 among them) keeps its own text: it names no internals.
  if (statusCode >= 400 && statusCode < 500) {
    return gatewayFailure(codeForStatus(statusCode), fastifyError?.message || undefined);
  }
  return gatewayFailure(codeForStatus(statusCode >= 500 && statusCode < 600 ? statusCode : 500));
}

/** How to answer a request Node's HTTP parser refused: a plain bad request unless the table names it. */
export function parserFailure(error: unknown): HttpFailure {
  const known = FRAMEWORK_ERRORS[errorCodeOf(error) ?? ''];
  return known
    ? gatewayFailure(known[0], known[1])
    : gatewayFailure('INVALID_ARGUMENT', 'malformed HTTP request');
}

function statusLine(failure: HttpFailure): string {
  return `${failure.statusCode} ${STATUS_CODES[failure.statusCode] ?? 'Error'}`;
}

function send(reply: FastifyReply, shape: LegacyShape, failure: HttpFailure) {
  return reply.code(failure.statusCode).send(errorBody(shape, failure.message, failure.code));
}

function logFailure(request: FastifyRequest, error: unknown, failure: HttpFailure): void {
  if (error instanceof PlanServiceError) {
    // plan-service already logged its side with the same request id; one line here, no stack.
    const level = failure.statusCode >= 500 ? 'warn' : 'info';
    request.log[level]({ grpcCode: error.codeName, details: error.details }, 'plan-service call failed');
  } else if (failure.statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: failure.code, message: failure.message }, 'request rejected');
  }
}

/** `setErrorHandler`: anything a route or a plugin threw, in the route's body shape. */
export function errorHandler(bodyLimit: number) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const failure = toHttpFailure(error, bodyLimit);
    logFailure(request, error, failure);
    return send(reply, request.routeOptions.config.legacyShape ?? 'generic', failure);
  };
}

/** `setNotFoundHandler`: a path no route serves. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? request.url;
  return send(reply, 'generic', toHttpFailure(GatewayError.routeNotFound(request.method, path), 0));
}

/**
 * Fastify's `frameworkErrors`: the router refused the URL (bad percent-encoding, an over-long path
 * parameter) before any route or hook ran. The answer still carries the request id and the body
 * shape of the endpoint the path belongs to.
 */
export function frameworkErrorHandler(shapes: RouteShapes): FastifyServerOptions['frameworkErrors'] {
  return (error: FastifyError, request, reply) => {
    // This hook's reply type is generic over every route's reply.
    const plain = reply as unknown as FastifyReply;
    plain.header(REQUEST_ID_HEADER, request.id);
    return send(plain, shapes.shapeOf(request.url), toHttpFailure(error, 0));
  };
}

/**
 * Node's `clientError`: a request the HTTP parser cannot read (a lying Content-Length, broken
 * framing, headers too slow or too large) never reaches Fastify. Answer it in the generic shape
 * with a fresh request id and close the socket.
 */
export function clientErrorHandler(error: Error, socket: Socket): void {
  if (!socket.writable) return;
  const failure = parserFailure(error);
  const body = JSON.stringify(errorBody('generic', failure.message, failure.code));
  socket.end(
    `HTTP/1.1 ${statusLine(failure)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${REQUEST_ID_HEADER}: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
  );
}
