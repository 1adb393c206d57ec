// A pino logger whose lines a test can read back.
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** A parsed log line. */
export type LogLine = Record<string, unknown> & { msg: string };

/** A pino logger whose lines land in `lines` instead of stdout. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}
