import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from './spawn-worker';

describe('spawnWorker', () => {
  it('runs a TypeScript entry with its data under the test runner', async () => {
    const worker = spawnWorker(
      { source: new URL('./echo-worker.fixture.ts', import.meta.url), bundled: 'unused.cjs' },
      { greeting: 'hi' },
    );
    const [message] = await once(worker, 'message');
    await worker.terminate();
    expect(message).toEqual({ echoed: { greeting: 'hi' }, sqlite: 42 });
  });
});
