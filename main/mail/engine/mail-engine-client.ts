import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { failureKind, traced } from '../../logging/trace';
import { spawnWorker, type WorkerEntry } from '../../workers/spawn-worker';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import {
  engineLogNotice,
  type CredentialHandlers,
  type EngineAccount,
  type EngineHandlers,
  type EngineLogLine,
  type EngineNotices,
  type EngineStart,
} from './engine-api';

export const mailEngineEntry = {
  source: new URL('./engine-worker.ts', import.meta.url),
  bundled: 'mail-engine-worker.cjs',
};

export interface MailEngineOptions {
  start: EngineStart;
  credentials: CredentialHandlers;
  /** The engine's notices, and its state ('engineState') as this client sees the worker come and go. */
  onNotice: <N extends keyof EngineNotices>(name: N, payload: EngineNotices[N]) => void;
  /** A line about the engine (it stopped, was restarted, something in it failed); never carries a message's text. */
  log: (line: string) => void;
  /** Tests only: a worker that stands in for the engine. */
  entry?: WorkerEntry;
}

export interface MailEngine {
  call: RpcPeer<EngineHandlers>['call'];
  setAccounts(accounts: EngineAccount[]): Promise<void>;
  /** Starts the engine again after it stopped for good, with a fresh restart budget and the same accounts. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const restartWindowMs = 60_000;
const maxRestartsPerWindow = 3;
/** How long close waits for the engine's orderly close (store, IMAP logouts) before terminating it. */
const closeDeadlineMs = 5_000;

const restarting = () => new AppError('ENGINE_STOPPED', 'The mail engine stopped; it is starting again.');
const stopped = () =>
  new AppError('ENGINE_STOPPED', 'The mail engine stopped. Choose “Restart mail engine” to start it again.');
const shutDown = () => new AppError('ENGINE_STOPPED', 'The mail engine is shut down.');

/**
 * Runs the mail engine (IMAP, sync, the store's writer) on a worker thread, so nothing it does can
 * stall the thread that answers the UI. If the worker dies it is started again with the same
 * accounts, a few times a minute at most; after that it stays stopped until restart().
 */
export function startMailEngine(options: MailEngineOptions): MailEngine {
  const entry = options.entry ?? mailEngineEntry;
  let accounts: EngineAccount[] = [];
  /** The folder each account shows, told again to an engine started after a crash. */
  const shownFolders = new Map<string, number | null>();
  let closing = false;
  let running: { worker: Worker; peer: RpcPeer<EngineHandlers> } | null = null;
  let recentRestarts: number[] = [];

  const announce = (state: EngineNotices['engineState']['state']) => {
    if (!closing) options.onNotice('engineState', { state });
  };

  const launch = () => {
    const worker = spawnWorker(entry, options.start);
    const peer = createRpcPeer<EngineHandlers>(worker, options.credentials);
    peer.onNotice((name, payload) => {
      if (name === engineLogNotice) options.log(`mail engine: ${(payload as EngineLogLine).line}`);
      else options.onNotice(name as keyof EngineNotices, payload as never);
    });
    worker.on('online', () => announce('running'));
    worker.on('error', (error) => options.log(`mail engine failed (${failureKind(error)})`));
    worker.on('exit', (code) => {
      running = null;
      if (closing) return peer.failPending(shutDown());
      const now = Date.now();
      recentRestarts = [...recentRestarts.filter((at) => at >= now - restartWindowMs), now];
      if (recentRestarts.length > maxRestartsPerWindow) {
        peer.failPending(stopped());
        options.log(`mail engine exited (code ${code}) again; not restarting it`);
        announce('stopped');
        return;
      }
      peer.failPending(restarting());
      options.log(`mail engine exited (code ${code}); restarting it`);
      announce('restarting');
      launch();
    });
    running = { worker, peer };
    if (accounts.length)
      void traced(peer.call('setAccounts', { accounts }), 'handing the accounts to the new engine', options.log);
    for (const [accountId, folderId] of shownFolders)
      void traced(
        peer.call('watchFolder', { accountId, folderId }),
        'showing the new engine the open folder',
        options.log,
      );
  };

  launch();

  return {
    call: (method, args) => {
      if (method === 'watchFolder') {
        const { accountId, folderId } = args as { accountId: string; folderId: number | null };
        shownFolders.set(accountId, folderId);
      }
      return running ? running.peer.call(method, args) : Promise.reject(closing ? shutDown() : stopped());
    },
    // While the engine is stopped nothing syncs: the accounts wait for the next start.
    async setAccounts(next) {
      accounts = next;
      await running?.peer.call('setAccounts', { accounts: next });
    },
    async restart() {
      if (closing) throw shutDown();
      recentRestarts = [];
      if (running) return;
      options.log('mail engine restarted on request');
      announce('restarting');
      launch();
    },
    async close() {
      closing = true;
      const current = running;
      if (!current) return;
      let deadline: NodeJS.Timeout | undefined;
      const closedInTime = await Promise.race([
        current.peer.call('close', {}).then(
          () => true,
          () => true,
        ),
        new Promise<false>((resolve) => (deadline = setTimeout(resolve, closeDeadlineMs, false))),
      ]);
      clearTimeout(deadline);
      if (!closedInTime) options.log(`mail engine did not close within ${closeDeadlineMs / 1000} s; terminating it`);
      await current.worker.terminate();
    },
  };
}
