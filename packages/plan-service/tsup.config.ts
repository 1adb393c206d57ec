import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library and the client subpath. `dist/` is emptied by the package's build script, since
    // the two configs here build in parallel.
    entry: { index: 'src/index.ts', 'client/index': 'src/client/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The `plan-service` command: ESM only, as `bin` points at it, and the only file with a shebang.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    shims: true,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
