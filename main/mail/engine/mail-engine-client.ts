import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { spawnWorker } from '../../workers/spawn-worker';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import type { CredentialHandlers, EngineAccount, EngineHandlers, EngineNotices, EngineStart } from './engine-api';

export const mailEngineEntry = {
  source: new URL('./engine-worker.ts', import.meta.url),
  bundled: 'mail-engine-worker.cjs',
};

export interface MailEngineOptions {
  start: EngineStart;
  credentials: CredentialHandlers;
  onNotice: <N extends keyof EngineNotices>(name: N, payload: EngineNotices[N]) => void;
  /** A line about the engine itself (it stopped and was restarted); never carries a message's text. */
  log: (line: string) => void;
}

export interface MailEngine {
  call: RpcPeer<EngineHandlers>['call'];
  setAccounts(accounts: EngineAccount[]): Promise<void>;
  close(): Promise<void>;
}

const restartWindowMs = 60_000;
const maxRestartsPerWindow = 3;

const engineStopped = () => new AppError('INTERNAL', 'The mail engine stopped; it is starting again.');

/**
 * Runs the mail engine (IMAP, sync, the store's writer) on a worker thread, so nothing it does can
 * stall the thread that answers the UI. If the worker dies it is started again with the same accounts.
 */
export function startMailEngine(options: MailEngineOptions): MailEngine {
  let accounts: EngineAccount[] = [];
  let closing = false;
  let worker: Worker;
  let peer: RpcPeer<EngineHandlers>;
  const recentRestarts: number[] = [];

  const launch = () => {
    worker = spawnWorker(mailEngineEntry, options.start);
    peer = createRpcPeer<EngineHandlers>(worker, options.credentials);
    peer.onNotice((name, payload) => options.onNotice(name as keyof EngineNotices, payload as never));
    worker.on('error', (error) => options.log(`mail engine failed (${error.name})`));
    worker.on('exit', (code) => {
      peer.failPending(engineStopped());
      if (closing) return;
      const now = Date.now();
      recentRestarts.push(now);
      while ((recentRestarts[0] ?? now) < now - restartWindowMs) recentRestarts.shift();
      if (recentRestarts.length > maxRestartsPerWindow) {
        options.log(`mail engine exited (${code}) again; not restarting it`);
        return;
      }
      options.log(`mail engine exited (${code}); restarting`);
      launch();
      if (accounts.length) void peer.call('setAccounts', { accounts }).catch(() => undefined);
    });
  };
  launch();

  return {
    call: (method, args) => peer.call(method, args),
    async setAccounts(next) {
      accounts = next;
      await peer.call('setAccounts', { accounts: next });
    },
    async close() {
      closing = true;
      await peer.call('close', {}).catch(() => undefined);
      await worker.terminate();
    },
  };
}
