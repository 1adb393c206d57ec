import { randomUUID } from 'node:crypto';
import { type handleUnaryCall, Metadata, status } from '@grpc/grpc-js';
import type { PlanStore, PlanStoreTransaction, Session } from '@travel-planner/plan-store';
import { DEFAULT_PAYMENT_METHOD, MAX_PAYMENT_METHOD_LENGTH } from '@travel-planner/plan-store/rules';
import type { Logger } from 'pino';
import type { AnswerReserve } from './answer-reserve';
import { actingWallet } from './auth/acting-wallet';
import { sessionTokenOf } from './auth/session-metadata';
import { INVALID_FIELD_KEY } from './client/plan-service-error';
import { CallRejectedError } from './errors';
import { sanitizeCause } from './log-cause';
import type { ServiceMetrics } from './metrics';
import { decodedRequest } from './request-decoding';
import { serviceErrorCode, toCallStatus } from './status-codes';

/** The metadata key that carries a call's request id, both ways. */
export const REQUEST_ID_KEY = 'x-request-id';

// A caller's id is echoed and logged, so it must be short printable ASCII; anything else is replaced.
const VALID_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** What a handler gets besides its request. */
export interface CallContext {
  /** The caller's `x-request-id`, or a generated UUID; echoed in the response metadata. */
  readonly requestId: string;
  /**
   * Runs `fn` in one store transaction whose statements PostgreSQL cancels when the call's
   * deadline passes (capped at `maxCallMs`). Rejects with DEADLINE_PASSED without doing any work
   * when less than the answer reserve is left before a connection is in hand, and rolls back
   * instead of committing when less than the answer reserve is left after `fn`.
   */
  transaction<T>(fn: (tx: PlanStoreTransaction) => Promise<T>): Promise<T>;
  /** The signed-in session of the call's `x-session-token`, resolved once before the handler runs. */
  readonly session: Session | undefined;
  /** The call's session token, for signing it out. Secret: never log it. */
  readonly sessionToken: string | undefined;
  /**
   * The wallet acting for this call: the session's (a `claimed` wallet naming another one is
   * PERMISSION_DENIED), else the claimed one. The one answer to "who is calling" for every handler.
   * @param field the request field that carried `claimed`, named in refusals (default `user_wallet`)
   */
  actingWallet(claimed: string, field?: string): string;
}

/** An RPC's logic: returns the response or throws; the adapter does the rest. */
export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

/** What {@link unary} needs from the server. */
export interface UnaryDependencies {
  store: PlanStore;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Upper bound of a call's database time, and the bound when the caller sent no deadline. */
  maxCallMs: number;
  /**
   * The part of a call's deadline kept for COMMIT and the answer's way back: with less than this
   * left, the transaction rolls back, so that a caller's timeout rarely means "stored".
   */
  answerReserve: AnswerReserve;
  /** Present when the server requires a bearer token. */
  authorize?: (metadata: Metadata) => boolean;
  /**
   * Present for methods that read `x-session-token`: `resolve` turns a presented token into its
   * session or throws (an invalid one is never ignored); `required` refuses calls without one.
   */
  sessions?: { resolve(token: string): Promise<Session>; required: boolean };
  /** True once shutdown began: new calls are turned away. */
  isDraining(): boolean;
  /** Called when a call found the database unavailable. */
  onStoreUnavailable(): void;
}

/** Milliseconds left until `deadline` (grpc-js gives a Date, or Infinity when the caller set none). */
export function remainingMs(deadline: Date | number, now = Date.now()): number {
  return (deadline instanceof Date ? deadline.getTime() : deadline) - now;
}

function requestIdOf(metadata: Metadata): string {
  const [value] = metadata.get(REQUEST_ID_KEY);
  return typeof value === 'string' && VALID_REQUEST_ID.test(value) ? value : randomUUID();
}

// GeneratePlan and ConfirmPlan carry the caller's session "for tracing only", and ConfirmPlan how the
// booking is paid: both go in the log line (the handlers have checked their length).
function traceFieldsOf(request: unknown): { sessionId?: string; paymentMethod?: string } {
  const { sessionId, paymentMethod } = (request ?? {}) as { sessionId?: unknown; paymentMethod?: unknown };
  return {
    ...(typeof sessionId === 'string' && sessionId !== '' ? { sessionId: sessionId.slice(0, 128) } : {}),
    ...(typeof paymentMethod === 'string'
      ? { paymentMethod: (paymentMethod || DEFAULT_PAYMENT_METHOD).slice(0, MAX_PAYMENT_METHOD_LENGTH) }
      : {}),
  };
}

function logLevel(code: status): 'info' | 'warn' | 'error' {
  if (code === status.INTERNAL || code === status.UNKNOWN) return 'error';
  if (code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED || code === status.CANCELLED)
    return 'warn';
  return 'info';
}

/**
 * Adapts a throwing async handler to grpc-js: checks the bearer token, drain state and deadline;
 * maps any throw to a status through the status table; echoes `x-request-id`; records metrics; and
 * logs one JSON line per call (method, code, durationMs, requestId, and the sanitized cause of
 * INTERNAL answers).
 */
export function unary<Req, Res>(
  method: string,
  handler: UnaryHandler<Req, Res>,
  deps: UnaryDependencies,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const started = performance.now();
    const endCall = deps.metrics.startCall(method);
    const requestId = requestIdOf(call.metadata);
    const deadline = call.getDeadline();
    const sessionToken = deps.sessions ? sessionTokenOf(call.metadata) : undefined;
    let session: Session | undefined;

    // When the last transaction of the call decided to commit: the answer's time is measured from there.
    let committingAt: number | undefined;
    const context: CallContext = {
      requestId,
      get session() {
        return session;
      },
      sessionToken,
      actingWallet: (claimed, field) => actingWallet(session, claimed, field),
      async transaction(fn) {
        // The time the work itself may take: what is left once the answer's share is set aside.
        const workMs = () => remainingMs(deadline) - deps.answerReserve.ms();
        if (workMs() <= 0) throw CallRejectedError.deadlinePassed();
        // The store rethrows what the callback throws unchanged, so these rejections reach the caller as they are.
        return deps.store.transaction(
          async (tx) => {
            // Waiting for a pooled connection may have used up the deadline: then do nothing.
            if (workMs() <= 0) throw CallRejectedError.deadlinePassed();
            const result = await fn(tx);
            // A COMMIT now could store a plan whose answer arrives after the caller gave up, and the
            // caller's retry would store it twice: roll back instead.
            if (workMs() < 0) throw CallRejectedError.tooLateToCommit();
            committingAt = performance.now();
            return result;
          },
          { timeoutMs: Math.min(remainingMs(deadline), deps.maxCallMs) },
        );
      },
    };

    // Sent in the same tick as the answer, so HTTP/2 writes the headers, message and trailers together.
    const sendRequestId = () => {
      const responseMetadata = new Metadata();
      responseMetadata.set(REQUEST_ID_KEY, requestId);
      call.sendMetadata(responseMetadata);
    };

    const respond = async (): Promise<{ code: status; cause?: unknown }> => {
      try {
        if (deps.authorize && !deps.authorize(call.metadata)) throw CallRejectedError.unauthenticated();
        if (deps.isDraining()) throw CallRejectedError.shuttingDown();
        if (remainingMs(deadline) <= 0) throw CallRejectedError.deadlinePassed();
        if (deps.sessions && sessionToken !== undefined) session = await deps.sessions.resolve(sessionToken);
        if (deps.sessions?.required && session === undefined) throw CallRejectedError.sessionRequired();
        const response = await handler(decodedRequest(call.request), context);
        sendRequestId();
        callback(null, response);
        if (committingAt !== undefined) deps.answerReserve.record(performance.now() - committingAt);
        return { code: status.OK };
      } catch (err) {
        const answer = toCallStatus(err);
        const details =
          answer.cause === undefined ? answer.details : `${answer.details} (request id ${requestId})`;
        sendRequestId();
        const trailers = new Metadata();
        if (answer.field !== undefined) trailers.set(INVALID_FIELD_KEY, answer.field);
        callback({ code: answer.code, details, metadata: trailers });
        if (serviceErrorCode(err) === 'STORE_UNAVAILABLE') deps.onStoreUnavailable();
        return { code: answer.code, cause: answer.cause };
      }
    };

    void respond().then(({ code, cause }) => {
      // When grpc-js already ended the call (deadline timer, client cancel), that is what the client saw.
      const seen = call.cancelled
        ? remainingMs(deadline) <= 0
          ? status.DEADLINE_EXCEEDED
          : status.CANCELLED
        : code;
      const codeName = status[seen];
      endCall(codeName);
      deps.logger[logLevel(seen)](
        {
          method,
          code: codeName,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          requestId,
          ...(session === undefined ? {} : { wallet: session.wallet }),
          ...traceFieldsOf(call.request),
          ...(cause === undefined ? {} : { cause: sanitizeCause(cause) }),
        },
        'call',
      );
    });
  };
}
