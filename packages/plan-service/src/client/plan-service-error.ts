import { type ServiceError, status } from '@grpc/grpc-js';

/** A failed call: `code` is the numeric grpc status, `codeName` e.g. 'NOT_FOUND', `details` the server's message. */
export class PlanServiceError extends Error {
  /** The numeric gRPC status code (see `GrpcStatus`). */
  readonly code: number;
  /** The status code's name, e.g. `NOT_FOUND`. */
  readonly codeName: string;
  /** The server's message, e.g. `user_wallet: must be 0x followed by 40 hexadecimal digits`. */
  readonly details: string;

  constructor(code: number, details: string, options?: { cause?: unknown }) {
    const codeName = status[code] ?? 'UNKNOWN';
    super(`${codeName}: ${details}`, options);
    this.name = 'PlanServiceError';
    this.code = code;
    this.codeName = codeName;
    this.details = details;
  }

  /** Wraps a grpc-js call error, keeping it as `cause`. */
  static from(err: ServiceError): PlanServiceError {
    return new PlanServiceError(err.code, err.details, { cause: err });
  }
}
