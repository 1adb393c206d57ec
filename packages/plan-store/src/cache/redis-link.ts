import { createHash } from 'node:crypto';
import { createClient } from 'redis';

type Client = ReturnType<typeof createClient>;

/** A Lua script and its SHA-1, the name Redis caches it under (EVALSHA). */
export interface LuaScript {
  source: string;
  sha: string;
}

/** Prepares a Lua script for {@link RedisLink.run}. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Redis did not answer within the command timeout. */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/** Options of {@link createRedisLink}. */
export interface RedisLinkOptions {
  url: string;
  /** Every command fails after this many ms without an answer. */
  commandTimeoutMs: number;
  /** Called each time a connection becomes ready after an earlier one was lost or replaced. */
  onReconnect(): void;
}

/** The connection to Redis, with commands that fail fast instead of queueing while it is down. */
export interface RedisLink {
  /** `true` while a connection is open and ready for commands. */
  readonly ready: boolean;
  /** Runs a script (EVALSHA, loading it with EVAL when Redis does not know it yet). */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
  del(keys: string[]): Promise<void>;
  ping(): Promise<void>;
  /** Drops the connection and opens a new one: a socket that stopped answering is never reused. */
  renew(): void;
  close(): Promise<void>;
}

// Back off from 50 ms to 1 s between reconnection attempts.
const reconnectDelay = (retries: number) => Math.min(50 * (retries + 1), 1000);

function destroy(client: Client) {
  // A client that never connected, or already gave up, has nothing to tear down.
  if (client.isOpen) client.destroy();
}

/** Connects to Redis in the background; nothing waits for the connection. */
export function createRedisLink(options: RedisLinkOptions): RedisLink {
  let client: Client;
  let connectedBefore = false;
  let closed = false;

  function connect(): Client {
    const next = createClient({
      url: options.url,
      // Fail at once while disconnected: a request must fall back to PostgreSQL, not wait for Redis.
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: reconnectDelay },
    });
    // Errors surface through the commands that fail; the listener keeps them from crashing the process.
    next.on('error', () => {});
    next.on('ready', () => {
      if (connectedBefore) options.onReconnect();
      connectedBefore = true;
    });
    next.connect().catch(() => {
      // Reconnection continues in the background according to reconnectDelay.
    });
    return next;
  }

  client = connect();

  // node-redis's own command timeout only covers the wait to be written, not the wait for the
  // answer, so a Redis that stops answering would hold every caller: race a timer instead.
  function bounded<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Timers run before I/O callbacks in each turn of the event loop: on a busy process the answer
      // may already be waiting in the socket when the timer fires. Deciding one phase later
      // (setImmediate) lets an answer that arrived in time win.
      timer = setTimeout(
        () => setImmediate(() => reject(new RedisTimeoutError(options.commandTimeoutMs))),
        options.commandTimeoutMs,
      );
    });
    // The command may still fail after the timer won; that failure has no one to go to.
    command.catch(() => {});
    return Promise.race([command, timeout]).finally(() => clearTimeout(timer));
  }

  async function run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(script.sha, { keys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(script.source, { keys, arguments: args });
    }
  }

  return {
    get ready() {
      return client.isReady;
    },
    run: (script, keys, args) => bounded(run(script, keys, args)),
    async del(keys) {
      await bounded(client.del(keys));
    },
    async ping() {
      await bounded(client.ping());
    },
    renew() {
      if (closed) return;
      destroy(client);
      client = connect();
    },
    async close() {
      closed = true;
      destroy(client);
    },
  };
}
