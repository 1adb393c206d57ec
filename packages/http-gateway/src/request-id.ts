import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The header that carries a request's correlation id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Up to 128 characters that are safe in a header, a log line and gRPC metadata.
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Whether a caller-supplied request id is kept (≤128 characters of `[A-Za-z0-9._-]`). */
export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && VALID_REQUEST_ID.test(value);
}

/**
 * Fastify's `genReqId`: the incoming `x-request-id` when it is valid, else a new UUID. An invalid
 * id is replaced rather than rejected: it is only a correlation aid, and an attacker-chosen value
 * must not reach logs or metadata unchecked.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return isValidRequestId(incoming) ? incoming : randomUUID();
}

/** `onRequest` hook: every answer carries its request's id, errors and rejections included. */
export async function echoRequestId(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header(REQUEST_ID_HEADER, request.id);
}
