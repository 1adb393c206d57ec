// HTTP/1.1 spoken by hand over node:net, for requests a well-behaved client refuses to send:
// lying Content-Length, partial bodies, one byte per second.
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface RawExchange {
  /** The status of the first response, if one arrived. */
  status?: number;
  /** Everything the server sent. */
  response: string;
  /** Milliseconds from connect to the first byte of the response. */
  firstByteMs?: number;
  /** Milliseconds from connect until the server closed the connection, if it did. */
  closedAfterMs?: number;
  /** A socket error on our side (EPIPE or ECONNRESET when the server stopped reading). */
  error?: string;
}

function exchange(port: number, drive: (socket: Socket) => void, waitMs: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    const result: RawExchange = { response: '' };
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      clearTimeout(timer);
      result.response = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(result.response)?.[1];
      if (status !== undefined) result.status = Number(status);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => {
      result.firstByteMs ??= performance.now() - started;
      chunks.push(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      result.error ??= err.code ?? err.message;
    });
    socket.on('close', () => {
      result.closedAfterMs = performance.now() - started;
      finish();
    });
    socket.on('connect', () => drive(socket));
  });
}

/** Sends `request` at once (optionally half-closing) and collects the answer for up to `waitMs`. */
export function sendRaw(
  port: number,
  request: string | Buffer,
  options: { halfClose?: boolean; waitMs?: number } = {},
): Promise<RawExchange> {
  return exchange(
    port,
    (socket) => {
      socket.write(request);
      if (options.halfClose) socket.end();
    },
    options.waitMs ?? 5000,
  );
}

/**
 * Writes `prefix` at once, then `bytes` one byte every `intervalMs`, until the server closes the
 * connection or `maxMs` passes. `sent` counts the trickled bytes.
 */
export function trickle(
  port: number,
  options: { prefix?: string; bytes: string; intervalMs: number; maxMs: number },
): Promise<RawExchange & { sent: number }> {
  const { prefix = '', bytes, intervalMs, maxMs } = options;
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  return exchange(
    port,
    (socket) => {
      if (prefix !== '') socket.write(prefix);
      timer = setInterval(() => {
        if (sent >= bytes.length || socket.destroyed) return clearInterval(timer);
        socket.write(bytes[sent++]!);
      }, intervalMs);
      socket.on('close', () => clearInterval(timer));
    },
    maxMs,
  ).then((result) => {
    clearInterval(timer);
    return { ...result, sent };
  });
}

/** An HTTP/1.1 request head; `headers` are written as given, so they may lie. */
export function requestHead(method: string, path: string, headers: Record<string, string>): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
