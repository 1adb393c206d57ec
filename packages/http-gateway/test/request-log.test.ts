// The gateway's request log: one line per request, written when the answer is sent.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, WALLET_A } from '../../../test/support';

describe('request log', () => {
  let stack: Stack;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    stack = await startStack({ logger: { level: 'info', stream: sink } });
  });
  afterAll(() => stack.close());

  it('writes one line per request, on completion, with its method, URL, status, time and request id', async () => {
    lines.length = 0;
    const ok = await stack.app.inject({ method: 'GET', url: `/get_user_plans/${WALLET_A}` });
    const refused = await stack.app.inject({ method: 'GET', url: '/get_user_plans/not-a-wallet' });
    expect([ok.statusCode, refused.statusCode]).toEqual([200, 400]);

    const requestLines = lines.filter((line) => 'reqId' in line && line.msg !== 'request rejected');
    expect(requestLines.map((line) => line.msg)).toEqual(['request completed', 'request completed']);
    expect(requestLines[0]).toMatchObject({
      req: { method: 'GET', url: `/get_user_plans/${WALLET_A}` },
      res: { statusCode: 200 },
      reqId: ok.headers['x-request-id'],
    });
    expect(requestLines[0]!.responseTime).toEqual(expect.any(Number));
    expect(requestLines[1]).toMatchObject({ res: { statusCode: 400 } });
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
  });
});
