// HTTP calls to the gateway over keep-alive connections, each with a hard client-side timeout, that
// never throw: a refused connection or a timeout is a result like any status code.
import { Agent, request } from 'node:http';

/** What one call produced. */
export interface HttpResult {
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** The JSON body, or undefined when the body was not JSON. */
  body: unknown;
  text: string;
  /** Why no response arrived: a socket error code (ECONNREFUSED, ECONNRESET, …) or `timeout`. */
  error?: string;
  /** `Date.now()` when the call started and ended. */
  startedAt: number;
  endedAt: number;
  latencyMs: number;
}

/** Options of one call. */
export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Client-side limit; the call ends with `error: 'timeout'` after it. Default 10 000 ms. */
  timeoutMs?: number;
}

/** A client bound to one gateway. */
export interface HttpClient {
  call(options: HttpCall): Promise<HttpResult>;
  close(): void;
}

/** A client of `http://127.0.0.1:<port>` with up to `maxSockets` kept-alive connections. */
export function createHttpClient(port: number, maxSockets = 64): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    close: () => agent.destroy(),
    call({ method, path, body, headers = {}, timeoutMs = 10_000 }) {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const startedAt = Date.now();
      const started = performance.now();
      return new Promise<HttpResult>((resolve) => {
        let settled = false;
        const finish = (status: number, text: string, error?: string) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({
            status,
            body: parsed,
            text,
            ...(error === undefined ? {} : { error }),
            startedAt,
            endedAt: Date.now(),
            latencyMs: performance.now() - started,
          });
        };
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: {
              ...(payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
            res.on('error', (err: NodeJS.ErrnoException) => finish(0, '', err.code ?? err.message));
          },
        );
        const timer = setTimeout(() => {
          finish(0, '', 'timeout');
          req.destroy();
        }, timeoutMs);
        req.on('error', (err: NodeJS.ErrnoException) => finish(0, '', err.code ?? err.message));
        req.end(payload);
      });
    },
  };
}

/** The status code, or the reason no response arrived: how results are counted and reported. */
export function outcomeLabel(result: HttpResult): string {
  return result.error ?? String(result.status);
}
