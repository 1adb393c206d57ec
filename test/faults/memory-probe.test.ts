// The memory probe the sustained-load scenario and the soak rely on: it must report memory a
// process keeps and must not count garbage that a collection frees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryFigures, type ServiceProcess, spawnService, waitFor } from '../support';

const MB = 1024 * 1024;
const retained = (m: MemoryFigures) => m.heapUsed + m.external;

describe('memory probe', () => {
  let child: ServiceProcess;
  let answered = 0;

  async function trigger(signal: NodeJS.Signals): Promise<void> {
    child.signal(signal);
    answered += 1;
    await waitFor(() => child.output().includes(`done ${answered}`), 30_000);
  }

  beforeAll(() => {
    child = spawnService('retainer', 'test/faults/fixtures/retainer.ts', [], {}, { memoryProbe: true });
  });

  afterAll(async () => {
    await child?.stop();
  });

  it('reports kept memory after a collection and leaves freed garbage out', async () => {
    await waitFor(() => child.output().includes('ready'), 30_000);
    const before = await child.memory();
    await trigger('SIGHUP');
    const afterGarbage = await child.memory();
    await trigger('SIGUSR2');
    const afterKeeping = await child.memory();

    expect(before.collected).toBe(true);
    expect(retained(afterGarbage) - retained(before)).toBeLessThan(4 * MB);
    expect(retained(afterKeeping) - retained(afterGarbage)).toBeGreaterThan(24 * MB);
  });

  it('is refused for a process started without it', async () => {
    const plain = spawnService('plain', 'test/faults/fixtures/retainer.ts', [], {});
    try {
      await expect(plain.memory()).rejects.toThrow(/without the memory probe/);
    } finally {
      await plain.stop();
    }
  });
});
