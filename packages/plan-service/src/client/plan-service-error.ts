import { type ServiceError, status } from '@grpc/grpc-js';

/**
 * The trailing metadata key that names the request field an INVALID_ARGUMENT refers to (its proto
 * name, e.g. `user_wallet`), so that callers never parse it out of the message.
 */
export const INVALID_FIELD_KEY = 'invalid-field';

/** A failed call: `code` is the numeric grpc status, `codeName` e.g. 'NOT_FOUND', `details` the server's message. */
export class PlanServiceError extends Error {
  /** The numeric gRPC status code (see `GrpcStatus`). */
  readonly code: number;
  /** The status code's name, e.g. `NOT_FOUND`. */
  readonly codeName: string;
  /** The server's message, e.g. `user_wallet: must be 0x followed by 40 hexadecimal digits`. */
  readonly details: string;
  /** For INVALID_ARGUMENT: the request field at fault, by its proto name (e.g. `user_wallet`). */
  readonly field: string | undefined;

  constructor(code: number, details: string, options?: { cause?: unknown; field?: string }) {
    const codeName = status[code] ?? 'UNKNOWN';
    super(`${codeName}: ${details}`, options);
    this.name = 'PlanServiceError';
    this.code = code;
    this.codeName = codeName;
    this.details = details;
    this.field = options?.field;
  }

  /** The problem without the leading `<field>: `, e.g. `must be a UUID`; the whole details when no field is named. */
  get problem(): string {
    const prefix = `${this.field}: `;
    return this.field !== undefined && this.details.startsWith(prefix)
      ? this.details.slice(prefix.length)
      : this.details;
  }

  /** Wraps a grpc-js call error, keeping it as `cause` and reading the field at fault from its metadata. */
  static from(err: ServiceError): PlanServiceError {
    const [field] = err.metadata?.get(INVALID_FIELD_KEY) ?? [];
    return new PlanServiceError(err.code, err.details, {
      cause: err,
      field: typeof field === 'string' && field !== '' ? field : undefined,
    });
  }
}
