import { defineConfig } from 'tsup';

// The build script empties dist/ and migrations/ first; the configs build in parallel and must not clean.
export default defineConfig([
  {
    entry: ['src/index.ts', 'src/rules.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
    target: 'node20',
  },
  {
    // The repository's migrations, compiled to CommonJS so both builds (and knex) can load them.
    entry: ['../../migrations/*.ts'],
    outDir: 'migrations',
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
  },
]);
