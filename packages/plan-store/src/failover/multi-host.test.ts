import { describe, expect, it } from 'vitest';
import { hostUrls } from './multi-host';

describe('hostUrls', () => {
  it('splits a libpq multi-host URL into one URL per host, without target_session_attrs', () => {
    expect(
      hostUrls(
        'postgresql://u:p%40ss@db1:5432,db2:5433/travel?target_session_attrs=read-write&sslmode=require',
      ),
    ).toEqual([
      'postgresql://u:p%40ss@db1:5432/travel?sslmode=require',
      'postgresql://u:p%40ss@db2:5433/travel?sslmode=require',
    ]);
  });

  it('leaves a single-host URL alone', () => {
    const url = 'postgresql://u:p@db:5432/travel?target_session_attrs=read-write';
    expect(hostUrls(url)).toEqual([url]);
  });

  it('works without credentials or ports', () => {
    expect(hostUrls('postgres://a,b/x')).toEqual(['postgres://a/x', 'postgres://b/x']);
  });
});
