import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { spawnWorker } from '../../workers/spawn-worker';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import type { BodyRecord } from '../store/mail-store-types';

export const parseWorkerEntry = {
  source: new URL('./parse-worker.ts', import.meta.url),
  bundled: 'parse-body-worker.cjs',
};

type ParseHandlers = { parse: (source: Uint8Array) => Promise<BodyRecord> };

export interface ParsePool {
  parse(source: Uint8Array): Promise<BodyRecord>;
  close(): Promise<void>;
}

interface PoolWorker {
  worker: Worker;
  peer: RpcPeer<ParseHandlers>;
  busy: number;
}

/** Message parsing on worker threads, one per CPU by default; each parse goes to the least busy one. */
export function createParsePool(size = os.cpus().length): ParsePool {
  const workers: PoolWorker[] = Array.from({ length: Math.max(1, size) }, () => {
    const worker = spawnWorker(parseWorkerEntry, null);
    const entry: PoolWorker = { worker, peer: createRpcPeer<ParseHandlers>(worker, {}), busy: 0 };
    worker.on('exit', () => entry.peer.failPending(new AppError('INTERNAL', 'The message parser stopped.')));
    worker.on('error', () => undefined);
    return entry;
  });
  return {
    async parse(source) {
      const least = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      least.busy++;
      try {
        return await least.peer.call('parse', source);
      } finally {
        least.busy--;
      }
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
