import { GrpcStatus, PlanServiceError } from '@travel-planner/plan-service/client';
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS, GatewayError, genericServerMessage, parserFailure, toHttpFailure } from './errors';

describe(toHttpFailure.name, () => {
  it('passes 4xx details of plan-service through and names the REST field', () => {
    expect(toHttpFailure(new PlanServiceError(GrpcStatus.NOT_FOUND, 'plan abc not found'), 1024)).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'plan abc not found',
    });
    const badToken = new PlanServiceError(GrpcStatus.INVALID_ARGUMENT, 'page_token: is not a cursor', {
      field: 'page_token',
    });
    expect(toHttpFailure(badToken, 1024)).toMatchObject({
      statusCode: 400,
      message: 'cursor: is not a cursor',
    });
    // The field comes from the error detail, never from the message text.
    const unnamed = new PlanServiceError(GrpcStatus.INVALID_ARGUMENT, 'page_size: must be an integer');
    expect(toHttpFailure(unnamed, 1024)).toMatchObject({ message: 'page_size: must be an integer' });
    expect(
      toHttpFailure(new PlanServiceError(GrpcStatus.FAILED_PRECONDITION, 'plan is cancelled'), 1),
    ).toMatchObject({
      statusCode: 409,
      code: 'FAILED_PRECONDITION',
    });
  });

  it('never shows the details of a server-side failure', () => {
    const secret = 'connect ECONNREFUSED postgresql://travel_user:travel_password@db:5432';
    for (const code of [
      GrpcStatus.INTERNAL,
      GrpcStatus.UNKNOWN,
      GrpcStatus.DATA_LOSS,
      GrpcStatus.UNAVAILABLE,
    ]) {
      const failure = toHttpFailure(new PlanServiceError(code, secret), 1024);
      expect(failure.statusCode).toBeGreaterThanOrEqual(500);
      expect(failure.message).toBe(genericServerMessage(failure.statusCode));
      expect(failure.message).not.toContain('postgresql');
    }
    const plain = toHttpFailure(new Error(secret), 1024);
    expect(plain).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
  });

  it('names the field of a validation error', () => {
    const error = Object.assign(new Error('body/user_wallet must match pattern'), {
      statusCode: 400,
      validationContext: 'body',
      validation: [
        {
          keyword: 'pattern',
          instancePath: '/user_wallet',
          schemaPath: '#/x',
          params: { pattern: '^0x' },
          message: 'x',
        },
      ],
    });
    expect(toHttpFailure(error, 1024)).toEqual({
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: 'user_wallet: must be 0x followed by 40 hexadecimal digits',
    });
  });

  it("translates Fastify's own client errors", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toHttpFailure(tooLarge, 65536)).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is larger than 65536 bytes',
    });
    const json = Object.assign(new Error('Unexpected token'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toHttpFailure(json, 1)).toEqual({
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: 'body: malformed JSON',
    });
    const limited = Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
    expect(toHttpFailure(limited, 1)).toMatchObject({ statusCode: 429, code: 'RESOURCE_EXHAUSTED' });
  });

  it('answers gateway errors from the one table: 4xx with their message, 5xx with the generic text', () => {
    expect(toHttpFailure(GatewayError.methodNotAllowed('GET', '/generate_plan'), 1)).toEqual({
      statusCode: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: 'Method GET is not allowed on /generate_plan',
    });
    expect(toHttpFailure(GatewayError.missingPlan('GetPlan'), 1)).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Internal server error',
    });
    for (const [code, { statusCode }] of Object.entries(GATEWAY_ERRORS)) {
      const failure = toHttpFailure(new GatewayError(code as keyof typeof GATEWAY_ERRORS, 'detail'), 1);
      expect(failure).toEqual({
        statusCode,
        code,
        message: statusCode < 500 ? 'detail' : genericServerMessage(statusCode),
      });
    }
    // One code per status, so a status read back names one code.
    const statuses = Object.values(GATEWAY_ERRORS).map((row) => row.statusCode);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it('answers router and parser errors with statuses of the table', () => {
    const longParam = Object.assign(new Error('too long'), {
      code: 'FST_ERR_MAX_PARAM_LENGTH',
      statusCode: 414,
    });
    expect(toHttpFailure(longParam, 1)).toEqual({
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: 'a path parameter is too long',
    });
    const overflow = Object.assign(new Error('overflow'), { code: 'HPE_HEADER_OVERFLOW' });
    expect(parserFailure(overflow)).toMatchObject({ statusCode: 431, code: 'HEADERS_TOO_LARGE' });
    const framing = Object.assign(new Error('bad'), { code: 'HPE_INVALID_CONTENT_LENGTH' });
    expect(parserFailure(framing)).toEqual({
      statusCode: 400,
      code: 'INVALID_ARGUMENT',
      message: 'malformed HTTP request',
    });
  });
});
