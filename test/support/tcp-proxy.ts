// A TCP proxy in front of PostgreSQL whose existing connections can be frozen: bytes stop
// flowing both ways but no FIN or RST is sent, which is how a connection dies behind a NAT,
// a firewall or a partition. New connections still pass.
import { createServer, type Server, Socket } from 'node:net';

export interface FreezableProxy {
  port: number;
  /** Stops every connection open now from carrying data, without closing it. */
  freezeOpenConnections(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  const pairs: Array<{ client: Socket; upstream: Socket; frozen: boolean }> = [];
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    const pair = { client, upstream, frozen: false };
    pairs.push(pair);
    upstream.connect(target.port, target.host);
    client.on('data', (chunk) => {
      if (!pair.frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.frozen) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    freezeOpenConnections() {
      for (const pair of pairs) pair.frozen = true;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
