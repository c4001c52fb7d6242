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

/** How long the workers stay once no parse is left. */
export const PARSE_POOL_IDLE_MS = 10_000;

/**
 * Message parsing on worker threads, one per CPU by default; each parse goes to the least busy one.
 * The workers start at the first parse and stop after `idleMs` without one: a worker's heap keeps
 * the size its largest message needed, so memory returns to idle only when the worker goes.
 */
export function createParsePool(size = os.cpus().length, idleMs = PARSE_POOL_IDLE_MS): ParsePool {
  let workers: PoolWorker[] = [];
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const start = (): PoolWorker => {
    const worker = spawnWorker(parseWorkerEntry, null);
    const entry: PoolWorker = { worker, peer: createRpcPeer<ParseHandlers>(worker, {}), busy: 0 };
    worker.on('exit', () => entry.peer.failPending(new AppError('INTERNAL', 'The message parser stopped.')));
    worker.on('error', () => undefined);
    return entry;
  };
  const stopAll = async () => {
    clearTimeout(idleTimer);
    const stopping = workers;
    workers = [];
    await Promise.all(stopping.map(({ worker }) => worker.terminate()));
  };

  return {
    async parse(source) {
      clearTimeout(idleTimer);
      if (workers.length === 0) workers = Array.from({ length: Math.max(1, size) }, start);
      const least = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      least.busy++;
      inFlight++;
      try {
        return await least.peer.call('parse', source);
      } finally {
        least.busy--;
        if (--inFlight === 0) idleTimer = setTimeout(() => void stopAll(), idleMs).unref();
      }
    },
    close: stopAll,
  };
}
