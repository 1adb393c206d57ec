import { readFileSync } from 'node:fs';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { GRPC_TO_HTTP_STATUS, type GrpcStatusName, grpcStatusName, httpStatusFromGrpc } from './status-codes';

const numericCodes = Object.values(GrpcStatus).filter((value): value is number => typeof value === 'number');

describe('GRPC_TO_HTTP_STATUS', () => {
  it('has exactly one row for each of the 17 gRPC status codes', () => {
    expect(numericCodes).toHaveLength(17);
    expect(Object.keys(GRPC_TO_HTTP_STATUS).sort()).toEqual(
      numericCodes.map((code) => GrpcStatus[code]).sort(),
    );
    for (const code of numericCodes) {
      const status = httpStatusFromGrpc(code);
      expect(Number.isInteger(status)).toBe(true);
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(600);
    }
  });

  it('maps every code as documented', () => {
    expect(GRPC_TO_HTTP_STATUS).toEqual({
      OK: 200,
      CANCELLED: 499,
      UNKNOWN: 500,
      INVALID_ARGUMENT: 400,
      DEADLINE_EXCEEDED: 504,
      NOT_FOUND: 404,
      ALREADY_EXISTS: 409,
      PERMISSION_DENIED: 403,
      RESOURCE_EXHAUSTED: 429,
      FAILED_PRECONDITION: 409,
      ABORTED: 412,
      OUT_OF_RANGE: 400,
      UNIMPLEMENTED: 501,
      INTERNAL: 500,
      UNAVAILABLE: 503,
      DATA_LOSS: 500,
      UNAUTHENTICATED: 401,
    } satisfies Record<GrpcStatusName, number>);
  });

  it('treats a code outside the enum as UNKNOWN (500)', () => {
    expect(grpcStatusName(99)).toBe('UNKNOWN');
    expect(grpcStatusName(-1)).toBe('UNKNOWN');
    expect(httpStatusFromGrpc(99)).toBe(500);
    expect(grpcStatusName(GrpcStatus.NOT_FOUND)).toBe('NOT_FOUND');
  });

  it('is the table the README documents', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- status-table:start -->')[1]?.split('<!-- status-table:end -->')[0];
    expect(section, 'README.md lacks the status-table markers').toBeDefined();
    const rows = (section ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')))
      // | n | NAME | http | why |  →  ['', n, NAME, http, why, '']
      .filter((cells) => /^\d+$/.test(cells[1] ?? ''));
    const documented = Object.fromEntries(rows.map((cells) => [cells[2], Number(cells[3])]));
    expect(documented).toEqual({ ...GRPC_TO_HTTP_STATUS });
    for (const cells of rows) expect(Number(cells[1])).toBe(GrpcStatus[cells[2] as GrpcStatusName]);
  });
});
