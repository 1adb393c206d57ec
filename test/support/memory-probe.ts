// Preloaded (`--import`) into a service process started with `--expose-gc` and an IPC channel:
// on each `memory` message it collects garbage and answers with the process's memory figures,
// so a test or benchmark can tell a heap that keeps growing from one that only has not been
// collected yet. The channel is unreferenced so it never keeps the service alive at shutdown.
import type { MemoryFigures } from './memory';

const collect = (globalThis as { gc?: () => void }).gc;

if (process.send && process.channel) {
  process.on('message', (message: unknown) => {
    if (message !== 'memory') return;
    // Two passes: the first may only schedule finalizers whose objects the second frees.
    collect?.();
    collect?.();
    const usage = process.memoryUsage();
    const figures: MemoryFigures = {
      heapUsed: usage.heapUsed,
      external: usage.external,
      rss: usage.rss,
      collected: collect !== undefined,
    };
    process.send?.({ memory: figures });
  });
  process.channel.unref();
}
