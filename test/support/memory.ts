// Memory figures of a service process that runs the memory probe (see memory-probe.ts).
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the probe reports, in bytes. */
export interface MemoryFigures {
  /** V8 heap in use right after a full garbage collection. */
  heapUsed: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers included), after the collection. */
  external: number;
  /** Resident set size. */
  rss: number;
  /** Whether the process really collected (it was started with `--expose-gc`). */
  collected: boolean;
}

/** Node flags that load the probe; the child must also get an `ipc` stdio channel. */
export const MEMORY_PROBE_FLAGS = [
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./memory-probe.ts', import.meta.url)),
];

/** Asks the probe in `child` for a garbage collection and the memory figures after it. */
export function probeMemory(child: ChildProcess, timeoutMs = 10_000): Promise<MemoryFigures> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no memory figures from pid ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      const figures = (message as { memory?: MemoryFigures } | null)?.memory;
      if (figures === undefined) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(figures);
    };
    child.on('message', onMessage);
    child.send('memory');
  });
}
