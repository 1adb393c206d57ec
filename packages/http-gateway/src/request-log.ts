import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * The gateway's one log line per request, written once the answer is sent: the request (method,
 * URL, host, remote address), its status and time. Fastify's default is two lines, one on arrival
 * and one on completion, which doubles the logging cost of every request; the arrival line is
 * dropped and the request moves to the second. The logger's serializers run only when the line is
 * written, so a disabled level costs nothing.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
