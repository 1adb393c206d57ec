import { PlanServiceError } from '@travel-planner/plan-service/client';
import type { FastifyError } from 'fastify';
import { GRPC_TO_HTTP_STATUS, grpcStatusName } from './status-codes';
import { type HttpPart, validationMessage } from './validation';

/** How the gateway answers one failed request. */
export interface HttpFailure {
  /** HTTP status. */
  statusCode: number;
  /** Machine-readable reason: a gRPC status name or a gateway code such as `VALIDATION_FAILED`. */
  code: string;
  /** Safe to show to a caller: never SQL, stack traces or connection details. */
  message: string;
}

// Server-side failures never expose their details (fastify Errors.md § Security); these texts replace them.
const GENERIC_SERVER_MESSAGES: Readonly<Record<number, string>> = {
  500: 'Internal server error',
  501: 'Not implemented by plan-service',
  502: 'Bad gateway',
  503: 'Plan service is temporarily unavailable, please retry later',
  504: 'The request timed out, please retry later',
};

/** The generic text of a 5xx status. */
export function genericServerMessage(statusCode: number): string {
  return GENERIC_SERVER_MESSAGES[statusCode] ?? GENERIC_SERVER_MESSAGES[500]!;
}

// gRPC request fields whose REST name differs, so that a 400 names the field the caller sent.
const REST_FIELD_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^page_token\b/, 'cursor'],
  [/^page_size\b/, 'limit'],
];

function restFieldNames(message: string): string {
  let result = message;
  for (const [pattern, name] of REST_FIELD_NAMES) result = result.replace(pattern, name);
  return result;
}

// Fastify's own 4xx errors and the text the gateway answers with (its default texts are terse or
// name internals such as the content-type parser).
const FASTIFY_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'body: malformed JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body: field required (the JSON body is empty)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Request body size did not match Content-Length',
};

// The `code` of failures raised by the gateway itself, not by plan-service.
const HTTP_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'DEADLINE_EXCEEDED',
  412: 'ABORTED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string';
}

/**
 * Classifies anything a route threw: a plan-service error through the gRPC→HTTP table, a request
 * validation error as a 400 naming the field, Fastify's own client errors (413, 415, malformed
 * JSON, rate limit) with their status, and everything else as a 500 with a generic message.
 * @param bodyLimit the body limit in bytes, quoted in the 413 message
 */
export function toHttpFailure(error: unknown, bodyLimit: number): HttpFailure {
  if (error instanceof PlanServiceError) {
    const code = grpcStatusName(error.code);
    const statusCode = GRPC_TO_HTTP_STATUS[code];
    // 4xx details are plan-service's validation messages, written for callers; 5xx details may
    // carry internals and are replaced.
    const message =
      statusCode < 500 ? restFieldNames(error.details || code) : genericServerMessage(statusCode);
    return { statusCode, code, message };
  }
  const fastifyError = error as FastifyError;
  if (Array.isArray(fastifyError?.validation)) {
    return {
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: validationMessage(
        fastifyError.validation,
        fastifyError.validationContext as HttpPart | undefined,
      ),
    };
  }
  if (isFastifyError(error) && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `Request body is larger than ${bodyLimit} bytes`,
    };
  }
  const statusCode = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (statusCode >= 400 && statusCode < 500) {
    const known = isFastifyError(error) ? FASTIFY_MESSAGES[error.code] : undefined;
    return {
      statusCode,
      code: HTTP_CODES[statusCode] ?? 'INVALID_ARGUMENT',
      message: known ?? fastifyError.message ?? 'Bad request',
    };
  }
  const serverStatus = statusCode >= 500 && statusCode < 600 ? statusCode : 500;
  return {
    statusCode: serverStatus,
    code: HTTP_CODES[serverStatus] ?? 'INTERNAL',
    message: genericServerMessage(serverStatus),
  };
}
