import Ajv, { type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify';
import { FIELD_RULES } from './schemas';

// gRPC request fields whose REST name differs.
const REST_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  page_token: 'cursor',
  page_size: 'limit',
});

/** The REST name of a plan-service request field (`page_size` → `limit`); most are the same. */
export function restFieldName(protoField: string): string {
  return REST_FIELD_NAMES[protoField] ?? protoField;
}

/** The part of a request a schema validates, as Fastify names it. */
export type HttpPart = 'body' | 'headers' | 'params' | 'querystring';

const COMMON: AjvOptions = {
  // Schemas carry OpenAPI annotations (examples, summary) that strict mode would reject.
  strict: false,
  allErrors: false,
  useDefaults: true,
  removeAdditional: false,
};

/**
 * Builds the validator compiler of the gateway: one Ajv per request part.
 *
 * JSON bodies are validated without type coercion, so `"budget": "100"` or `"destination": 42` is a
 * 400 instead of being silently converted. Path, query and header values are always strings on the
 * wire, so there numbers are coerced (`?limit=5`). This split is the pattern of Fastify's
 * "Validation and Serialization" reference.
 */
export function createValidatorCompiler() {
  const compilers: Record<HttpPart, Ajv> = {
    body: addFormats(new Ajv({ ...COMMON, coerceTypes: false })),
    headers: addFormats(new Ajv({ ...COMMON, coerceTypes: true })),
    params: addFormats(new Ajv({ ...COMMON, coerceTypes: true })),
    querystring: addFormats(new Ajv({ ...COMMON, coerceTypes: 'array' })),
  };
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => {
    const ajv = compilers[(httpPart ?? 'body') as HttpPart] ?? compilers.body;
    return ajv.compile(schema);
  };
}

const PART_NAMES: Record<HttpPart, string> = {
  body: 'body',
  headers: 'header',
  params: 'path parameter',
  querystring: 'query parameter',
};

/** The field a validation error is about: the missing property, or the path of the bad value. */
export function fieldOf(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    segments.push(params.missingProperty);
  }
  return segments.join('.');
}

/**
 * Turns Fastify's validation errors into one message naming the field, e.g.
 * `user_wallet: must be 0x followed by 40 hexadecimal digits` or `budget: field required`.
 */
export function validationMessage(
  errors: readonly FastifySchemaValidationError[],
  context: HttpPart | undefined,
): string {
  const error = errors[0];
  const part = PART_NAMES[context ?? 'body'] ?? 'request';
  if (!error) return `invalid ${part}`;
  const field = fieldOf(error);
  if (field === '') {
    // The value as a whole is wrong, e.g. a JSON array where an object is expected.
    return error.keyword === 'type'
      ? `${part}: must be a JSON object`
      : `${part}: ${error.message ?? 'is invalid'}`;
  }
  if (error.keyword === 'required') return `${field}: field required`;
  const leaf = field.split('.').at(-1) ?? field;
  const rule = FIELD_RULES[leaf] ?? error.message ?? 'is invalid';
  return `${field}: ${rule}`;
}
