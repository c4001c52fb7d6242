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
 * A source at least this large is parsed on a worker of its own that ends with the parse: parsing
 * a 20 MB message grows a worker's heap by about 100 MB, which a pool worker would keep.
 */
export const PARSE_ALONE_BYTES = 4 * 1024 * 1024;

/** The source's bytes to hand over rather than copy, when it owns its whole buffer. */
const transferable = (source: Uint8Array): ArrayBuffer[] =>
  source.buffer instanceof ArrayBuffer && source.byteOffset === 0 && source.byteLength === source.buffer.byteLength
    ? [source.buffer]
    : [];

/**
 * Message parsing on worker threads, one per CPU by default; each parse goes to the least busy one.
 * The workers start at the first parse and stop after `idleMs` without one: a worker's heap keeps
 * the size its largest message needed, so memory returns to idle only when the worker goes. A
 * source of PARSE_ALONE_BYTES or more gets a worker of its own, and its bytes are handed over
 * (the caller must not read a source after passing it here).
 */
export function createParsePool(
  size = os.cpus().length,
  idleMs = PARSE_POOL_IDLE_MS,
  aloneBytes = PARSE_ALONE_BYTES,
): ParsePool {
  let workers: PoolWorker[] = [];
  const alone = new Set<PoolWorker>();
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const start = (): PoolWorker => {
    const worker = spawnWorker(parseWorkerEntry, null);
    const entry: PoolWorker = { worker, peer: createRpcPeer<ParseHandlers>(worker, {}), busy: 0 };
    worker.on('exit', () => entry.peer.failPending(new AppError('INTERNAL', 'The message parser stopped.')));
    worker.on('error', () => undefined);
    return entry;
  };
  const stopPooled = async () => {
    clearTimeout(idleTimer);
    const stopping = workers;
    workers = [];
    await Promise.all(stopping.map(({ worker }) => worker.terminate()));
  };

  const parseAlone = async (source: Uint8Array): Promise<BodyRecord> => {
    const entry = start();
    alone.add(entry);
    try {
      return await entry.peer.call('parse', source, transferable(source));
    } finally {
      alone.delete(entry);
      await entry.worker.terminate();
    }
  };

  return {
    async parse(source) {
      if (source.byteLength >= aloneBytes) return parseAlone(source);
      clearTimeout(idleTimer);
      if (workers.length === 0) workers = Array.from({ length: Math.max(1, size) }, start);
      const least = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      least.busy++;
      inFlight++;
      try {
        return await least.peer.call('parse', source, transferable(source));
      } finally {
        least.busy--;
        if (--inFlight === 0) idleTimer = setTimeout(() => void stopPooled(), idleMs).unref();
      }
    },
    async close() {
      await Promise.all([stopPooled(), ...[...alone].map(({ worker }) => worker.terminate())]);
    },
  };
}
