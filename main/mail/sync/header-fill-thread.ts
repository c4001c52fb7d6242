import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { spawnWorker } from '../../workers/spawn-worker';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import type { HeaderFillReport, HeaderFillRequest } from './header-fill';

export const headerFillWorkerEntry = {
  source: new URL('./header-fill-worker.ts', import.meta.url),
  bundled: 'header-fill-worker.cjs',
};

type FillHandlers = { fill: (request: HeaderFillRequest & { fillId: number }) => Promise<void> };

export interface HeaderFillThread {
  /** Runs the fill on the worker; `onReport` is called here, in order, and may throw to stop the fill. */
  fill(request: HeaderFillRequest, onReport: (part: HeaderFillReport) => void | Promise<void>): Promise<void>;
  /** Starts the worker now, ahead of a fill. */
  warm(): void;
  close(): Promise<void>;
}

/** A worker thread for header fills, started when warmed or with the first fill, and kept for the next. */
export function createHeaderFillThread(): HeaderFillThread {
  const reporters = new Map<number, (part: HeaderFillReport) => void | Promise<void>>();
  let running: { worker: Worker; peer: RpcPeer<FillHandlers> } | null = null;
  let nextId = 1;

  const start = () => {
    const worker = spawnWorker(headerFillWorkerEntry, null);
    const peer = createRpcPeer<FillHandlers>(worker, {
      report: ({ fillId, ...part }: HeaderFillReport & { fillId: number }) => {
        const reporter = reporters.get(fillId);
        if (!reporter) throw new AppError('NOT_FOUND', 'This header fill was stopped.');
        return reporter(part);
      },
    });
    worker.on('exit', () => {
      peer.failPending(new AppError('INTERNAL', 'The header fill stopped.'));
      if (running?.worker === worker) running = null;
    });
    worker.on('error', () => undefined);
    return { worker, peer };
  };

  return {
    warm() {
      running ??= start();
    },
    async fill(request, onReport) {
      running ??= start();
      const fillId = nextId++;
      reporters.set(fillId, onReport);
      try {
        await running.peer.call('fill', { ...request, fillId });
      } finally {
        reporters.delete(fillId);
      }
    },
    async close() {
      const current = running;
      running = null;
      await current?.worker.terminate();
    },
  };
}
