import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

const IDLE_SWEEP_MS = 50;

// Node closes keep-alive connections that are idle when close() begins; one busy then stays open
// after its last response until keepAliveTimeout, delaying the exit by seconds. Sweeping idle
// connections while closing lets the process exit right after the last in-flight response.
const closeIdleConnections: FastifyPluginAsync = async (app) => {
  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    idleSweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
    idleSweep.unref();
  });
  app.addHook('onClose', async () => clearInterval(idleSweep));
};

/** While the gateway closes, closes each keep-alive connection as soon as it is idle. */
export const closeIdleConnectionsPlugin = fp(closeIdleConnections, {
  name: 'close-idle-connections',
  fastify: '5.x',
});
