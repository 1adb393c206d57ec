import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * The gateway's one log line per request, written once the answer is sent: method, URL, status and
 * time. Fastify's own request logging (switched off in the server options) writes two lines, one on
 * arrival and one on completion, which doubles the logging cost of every request.
 */
export function logCompletedRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  request.log.info(
    {
      req: { method: request.method, url: request.url, remoteAddress: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    },
    'request completed',
  );
  done();
}
