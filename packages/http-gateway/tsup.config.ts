import { defineConfig } from 'tsup';

// Two builds writing side by side into dist/: each cleans only its own files, since tsup runs them
// in parallel.
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: ['!bin.*'],
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: ['src/bin.ts'],
    format: ['esm', 'cjs'],
    clean: ['!index.*'],
    shims: true,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
