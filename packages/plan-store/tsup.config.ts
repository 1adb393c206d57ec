import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The repository's migrations, compiled to CommonJS so both builds (and knex) can load them.
    entry: ['../../migrations/*.ts'],
    outDir: 'migrations',
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    clean: true,
    target: 'node20',
  },
]);
