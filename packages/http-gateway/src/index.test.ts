import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from './index';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the public API (src/index.ts)', () => {
  it('re-exports from every module except the entry points', () => {
    const index = readFileSync(join(SRC, 'index.ts'), 'utf8');
    const missing = modules(SRC)
      .map((path) => `./${relative(SRC, path).replace(/\.ts$/, '')}`)
      .filter((name) => name !== './index' && name !== './bin')
      .filter((name) => !index.includes(`from '${name}'`));
    expect(missing).toEqual([]);
  });

  it('exports only defined values, and the factory first of all', () => {
    for (const [name, value] of Object.entries(api)) expect(value, name).toBeDefined();
    expect(typeof api.createGateway).toBe('function');
    expect(typeof api.gatewayConfigFromEnv).toBe('function');
  });
});
