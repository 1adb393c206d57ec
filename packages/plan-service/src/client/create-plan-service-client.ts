import {
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  credentials as grpcCredentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { ANALYTICS_TOKEN_KEY } from '../auth';
import { SESSION_TOKEN_KEY } from '../auth/session-metadata';
import { DEFAULT_ADDRESS } from '../default-address';
import {
  AnalyticsServiceClient as GeneratedAnalyticsServiceClient,
  GetSummaryRequest,
  type GetSummaryResponse,
} from '../gen/travel/analytics/v1/analytics_service';
import {
  CreateNonceRequest,
  type CreateNonceResponse,
  AuthServiceClient as GeneratedAuthServiceClient,
  GetSessionRequest,
  type GetSessionResponse,
  SignInRequest,
  type SignInResponse,
  SignOutRequest,
  type SignOutResponse,
} from '../gen/travel/auth/v1/auth_service';
import {
  CancelPlanRequest,
  type CancelPlanResponse,
  ConfirmPlanRequest,
  type ConfirmPlanResponse,
  CreatePlanRequest,
  type CreatePlanResponse,
  PlanServiceClient as GeneratedPlanServiceClient,
  GeneratePlanRequest,
  type GeneratePlanResponse,
  GetPlanRequest,
  type GetPlanResponse,
  ListPlanEventsRequest,
  type ListPlanEventsResponse,
  ListPlanSharesRequest,
  type ListPlanSharesResponse,
  ListSharedPlansRequest,
  type ListSharedPlansResponse,
  ListUserPlansRequest,
  type ListUserPlansResponse,
  SharePlanRequest,
  type SharePlanResponse,
  UnsharePlanRequest,
  type UnsharePlanResponse,
  UpdatePlanRequest,
  type UpdatePlanResponse,
} from '../gen/travel/plan/v1/plan_service';
import { PlanServiceError } from './plan-service-error';

/** Any subset of a message, nested messages included; what `Message.fromPartial` accepts. */
export type DeepPartial<T> = T extends Date | Uint8Array | string | number | boolean | undefined
  ? T
  : T extends Array<infer U>
    ? Array<DeepPartial<U>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** Options of {@link createPlanServiceClient}. */
export interface PlanServiceClientOptions {
  /** `host:port` of the plan-service. Default `127.0.0.1:50051`; `clientConfigFromEnv()` reads `PLAN_SERVICE_ADDR`. */
  address: string;
  /** Channel credentials (TLS, mTLS). Default: insecure (plaintext). */
  credentials?: ChannelCredentials;
  /** Shared bearer token, sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /** The analytics token, sent as `x-analytics-token` on AnalyticsService calls. */
  analyticsToken?: string;
  /** Deadline of calls that give no `timeoutMs`, in ms. Default 5000: every call has a deadline. */
  defaultTimeoutMs: number;
  /** Extra grpc-js channel options, merged over the client's defaults. */
  channelOptions?: ChannelOptions;
}

/** Per-call options. */
export interface CallOptions {
  /** This call's deadline, in ms from now. Default: the client's `defaultTimeoutMs`. */
  timeoutMs?: number;
  /** Sent as `x-request-id`, which the server logs and echoes; the server makes one up when absent. */
  requestId?: string;
  /** A signed-in user's session token (from `signIn`), sent as `x-session-token`: the call acts as that wallet. */
  sessionToken?: string;
}

/** The health status names of grpc.health.v1, with SERVICE_UNKNOWN for a service the server does not know. */
export type HealthStatus = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN';

/** A PlanService client with promise methods. Failed calls reject with {@link PlanServiceError}. */
export interface PlanServiceClient {
  /** Generates and stores a plan. Not retried automatically: send `idempotency_key` to retry safely. */
  generatePlan(
    request: DeepPartial<GeneratePlanRequest>,
    options?: CallOptions,
  ): Promise<GeneratePlanResponse>;
  /** Stores a plan made elsewhere. Not retried automatically: send `idempotency_key` to retry safely. */
  createPlan(request: DeepPartial<CreatePlanRequest>, options?: CallOptions): Promise<CreatePlanResponse>;
  /** One plan by id; with `user_wallet`, only when that wallet owns it or holds an active grant. */
  getPlan(request: DeepPartial<GetPlanRequest>, options?: CallOptions): Promise<GetPlanResponse>;
  /** A page of a wallet's plans, newest first. */
  listUserPlans(
    request: DeepPartial<ListUserPlansRequest>,
    options?: CallOptions,
  ): Promise<ListUserPlansResponse>;
  /** Confirms a plan the wallet owns. */
  confirmPlan(request: DeepPartial<ConfirmPlanRequest>, options?: CallOptions): Promise<ConfirmPlanResponse>;
  /** Cancels a plan the wallet owns. */
  cancelPlan(request: DeepPartial<CancelPlanRequest>, options?: CallOptions): Promise<CancelPlanResponse>;
  /** Shares a plan the wallet owns with another wallet as viewer or editor. */
  sharePlan(request: DeepPartial<SharePlanRequest>, options?: CallOptions): Promise<SharePlanResponse>;
  /** Revokes a grant of a plan the wallet owns. */
  unsharePlan(request: DeepPartial<UnsharePlanRequest>, options?: CallOptions): Promise<UnsharePlanResponse>;
  /** The active grants of a plan the wallet owns. */
  listPlanShares(
    request: DeepPartial<ListPlanSharesRequest>,
    options?: CallOptions,
  ): Promise<ListPlanSharesResponse>;
  /** A page of the plans shared with a wallet, newest grant first. */
  listSharedPlans(
    request: DeepPartial<ListSharedPlansRequest>,
    options?: CallOptions,
  ): Promise<ListSharedPlansResponse>;
  /** Edits a plan as its owner or an editor, against the etag it read (a stale one is ABORTED). */
  updatePlan(request: DeepPartial<UpdatePlanRequest>, options?: CallOptions): Promise<UpdatePlanResponse>;
  /** A page of the audit trail of a plan the wallet owns, oldest first. */
  listPlanEvents(
    request: DeepPartial<ListPlanEventsRequest>,
    options?: CallOptions,
  ): Promise<ListPlanEventsResponse>;
  /** travel.analytics.v1 GetSummary: the figures of a range of UTC days (empty dates: the last 30 days). */
  getAnalyticsSummary(
    request: DeepPartial<GetSummaryRequest>,
    options?: CallOptions,
  ): Promise<GetSummaryResponse>;
  /** AuthService: a single-use nonce for the next sign-in message. */
  createNonce(request?: DeepPartial<CreateNonceRequest>, options?: CallOptions): Promise<CreateNonceResponse>;
  /** AuthService: verifies a signed EIP-4361 message and opens a session. */
  signIn(request: DeepPartial<SignInRequest>, options?: CallOptions): Promise<SignInResponse>;
  /** AuthService: the session of `options.sessionToken`. */
  getSession(request?: DeepPartial<GetSessionRequest>, options?: CallOptions): Promise<GetSessionResponse>;
  /** AuthService: revokes the session of `options.sessionToken`. */
  signOut(request?: DeepPartial<SignOutRequest>, options?: CallOptions): Promise<SignOutResponse>;
  /** grpc.health.v1 Check for '' or a service name; rejects with PlanServiceError (e.g. UNAVAILABLE) when unreachable. */
  checkHealth(service?: string, options?: CallOptions): Promise<HealthStatus>;
  /** Closes the channel; calls in flight fail with CANCELLED. */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 5000;
const MESSAGE_LIMIT_BYTES = 4 * 1024 * 1024;

// No retry policy is configured: a retried CreatePlan/GeneratePlan after an ambiguous failure
// would store a second plan. grpc-js still retries transparently when a request provably never
// reached the server, which is safe. Client keepalive stays off: a keepalive ping after a graceful
// GOAWAY can kill calls that a draining server is still finishing (grpc-node#3068).
const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': MESSAGE_LIMIT_BYTES,
  'grpc.max_send_message_length': MESSAGE_LIMIT_BYTES,
  // grpc-js waits 1 s after a refused connection, then ×1.6 up to 120 s: after a 30 s restart of
  // plan-service a caller would see UNAVAILABLE for ~13 s more. The service is near and cheap to
  // dial, so retry soon and never wait more than 2 s.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2000,
};

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

interface HealthClient extends Client {
  check: UnaryMethod<{ service: string }, { status: HealthStatus }>;
}

const HealthClientConstructor = makeGenericClientConstructor(
  healthService as ServiceDefinition,
  'grpc.health.v1.Health',
) as unknown as new (
  address: string,
  credentials: ChannelCredentials,
  options: { channelOverride: ReturnType<Client['getChannel']> },
) => HealthClient;

/**
 * Creates a PlanService client. Every call has a deadline (`defaultTimeoutMs` unless the call gives
 * `timeoutMs`), carries the bearer token when one is configured, and rejects with
 * {@link PlanServiceError}.
 *
 * @example
 * const client = createPlanServiceClient({ address: 'plan-service:50051', token });
 * const { plan, formattedPlan } = await client.generatePlan({ destination: 'Paris', budget: 2000, userWallet });
 */
export function createPlanServiceClient(options: Partial<PlanServiceClientOptions> = {}): PlanServiceClient {
  const address = options.address ?? DEFAULT_ADDRESS;
  const credentials = options.credentials ?? grpcCredentials.createInsecure();
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new GeneratedPlanServiceClient(address, credentials, {
    ...DEFAULT_CHANNEL_OPTIONS,
    ...options.channelOptions,
  });
  // Health checks and AuthService share the plan client's channel (one connection).
  const health = new HealthClientConstructor(address, credentials, { channelOverride: client.getChannel() });
  const analytics = new GeneratedAnalyticsServiceClient(address, credentials, {
    channelOverride: client.getChannel(),
  });
  const auth = new GeneratedAuthServiceClient(address, credentials, { channelOverride: client.getChannel() });

  function call<Req, Res>(
    target: Client,
    method: UnaryMethod<Req, Res>,
    request: Req,
    callOptions: CallOptions = {},
    extraMetadata: Record<string, string> = {},
  ): Promise<Res> {
    const metadata = new Metadata();
    if (options.token !== undefined) metadata.set('authorization', `Bearer ${options.token}`);
    for (const [key, value] of Object.entries(extraMetadata)) metadata.set(key, value);
    if (callOptions.requestId !== undefined) metadata.set('x-request-id', callOptions.requestId);
    if (callOptions.sessionToken !== undefined) metadata.set(SESSION_TOKEN_KEY, callOptions.sessionToken);
    const deadline = new Date(Date.now() + (callOptions.timeoutMs ?? defaultTimeoutMs));
    return new Promise<Res>((resolve, reject) => {
      method.call(target, request, metadata, { deadline }, (error, response) => {
        if (error) reject(PlanServiceError.from(error));
        else resolve(response);
      });
    });
  }

  return {
    generatePlan: (request, callOptions) =>
      call(client, client.generatePlan, GeneratePlanRequest.fromPartial(request), callOptions),
    createPlan: (request, callOptions) =>
      call(client, client.createPlan, CreatePlanRequest.fromPartial(request), callOptions),
    getPlan: (request, callOptions) =>
      call(client, client.getPlan, GetPlanRequest.fromPartial(request), callOptions),
    listUserPlans: (request, callOptions) =>
      call(client, client.listUserPlans, ListUserPlansRequest.fromPartial(request), callOptions),
    confirmPlan: (request, callOptions) =>
      call(client, client.confirmPlan, ConfirmPlanRequest.fromPartial(request), callOptions),
    cancelPlan: (request, callOptions) =>
      call(client, client.cancelPlan, CancelPlanRequest.fromPartial(request), callOptions),
    sharePlan: (request, callOptions) =>
      call(client, client.sharePlan, SharePlanRequest.fromPartial(request), callOptions),
    unsharePlan: (request, callOptions) =>
      call(client, client.unsharePlan, UnsharePlanRequest.fromPartial(request), callOptions),
    listPlanShares: (request, callOptions) =>
      call(client, client.listPlanShares, ListPlanSharesRequest.fromPartial(request), callOptions),
    listSharedPlans: (request, callOptions) =>
      call(client, client.listSharedPlans, ListSharedPlansRequest.fromPartial(request), callOptions),
    updatePlan: (request, callOptions) =>
      call(client, client.updatePlan, UpdatePlanRequest.fromPartial(request), callOptions),
    listPlanEvents: (request, callOptions) =>
      call(client, client.listPlanEvents, ListPlanEventsRequest.fromPartial(request), callOptions),
    getAnalyticsSummary: (request, callOptions) =>
      call(
        analytics,
        analytics.getSummary,
        GetSummaryRequest.fromPartial(request),
        callOptions,
        options.analyticsToken === undefined ? {} : { [ANALYTICS_TOKEN_KEY]: options.analyticsToken },
      ),

    createNonce: (request = {}, callOptions) =>
      call(auth, auth.createNonce, CreateNonceRequest.fromPartial(request), callOptions),
    signIn: (request, callOptions) =>
      call(auth, auth.signIn, SignInRequest.fromPartial(request), callOptions),
    getSession: (request = {}, callOptions) =>
      call(auth, auth.getSession, GetSessionRequest.fromPartial(request), callOptions),
    signOut: (request = {}, callOptions) =>
      call(auth, auth.signOut, SignOutRequest.fromPartial(request), callOptions),

    async checkHealth(service = '', callOptions) {
      try {
        const response = await call(health, health.check, { service }, callOptions);
        return response.status;
      } catch (err) {
        // Check answers NOT_FOUND for a service the server does not serve (grpc.health.v1).
        if (err instanceof PlanServiceError && err.code === status.NOT_FOUND) return 'SERVICE_UNKNOWN';
        throw err;
      }
    },

    close() {
      health.close();
      analytics.close();
      auth.close();
      client.close();
    },
  };
}
