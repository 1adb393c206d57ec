import type { CallOptions, PlanServiceClient } from '@travel-planner/plan-service/client';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { planServiceDeadlineMs, requestDeadlineMs } from '../deadline';

declare module 'fastify' {
  interface FastifyInstance {
    /** The plan-service client every route calls. Owned by whoever created the gateway. */
    planService: PlanServiceClient;
    /** The gRPC call options of one request: its deadline, its request id and its session token. */
    planCallOptions(request: FastifyRequest): CallOptions;
  }
}

/** Options of {@link planClientPlugin}. */
export interface PlanClientPluginOptions {
  /** The client to decorate the instance with; the plugin never closes it. */
  client: PlanServiceClient;
  /** Default deadline of every request in milliseconds; a request may only tighten it. */
  requestTimeoutMs: number;
  /** How much shorter than the request's deadline the plan-service call's deadline is, in milliseconds. */
  returnTripMs: number;
}

const planClient: FastifyPluginAsync<PlanClientPluginOptions> = async (app, options) => {
  app.decorate('planService', options.client);
  app.decorate(
    'planCallOptions',
    (request: FastifyRequest): CallOptions => ({
      timeoutMs: planServiceDeadlineMs(
        requestDeadlineMs(request.headers, options.requestTimeoutMs),
        options.returnTripMs,
      ),
      requestId: request.id,
      // The signed-in user's session, from the session plugin; plan-service enforces it.
      ...(request.sessionToken === undefined ? {} : { sessionToken: request.sessionToken }),
    }),
  );
};

/**
 * Decorates the gateway with the plan-service client (`app.planService`) and with
 * `app.planCallOptions(request)`, which forwards each request's deadline (less the return trip) and
 * `x-request-id`.
 */
export const planClientPlugin = fp(planClient, { name: 'plan-client', fastify: '5.x' });
