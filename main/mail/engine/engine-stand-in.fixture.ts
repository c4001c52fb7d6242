import { parentPort, workerData } from 'node:worker_threads';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import { engineLogNotice } from './engine-api';

// Stands in for the engine worker in mail-engine-client.test.ts: it dies, hangs or throws on request.

let accounts: unknown[] = [];
const shown: Record<string, number | null> = {};
// Every worker the client starts gets the same data, so one that replaces a dead one hangs too.
const { closeHangs } = (workerData as { data: { closeHangs?: boolean } }).data;
const peer: RpcPeer<Record<string, never>> = createRpcPeer(parentPort!, {
  setAccounts: async (args: { accounts: unknown[] }) => {
    accounts = args.accounts;
  },
  accounts: async () => accounts,
  watchFolder: async ({ accountId, folderId }: { accountId: string; folderId: number | null }) => {
    shown[accountId] = folderId;
  },
  shown: async () => shown,
  exit: async ({ code }: { code: number }) => process.exit(code),
  // Thrown outside any call, so the worker dies of it; the text must never reach the log.
  throwLater: async ({ code }: { code?: string }) => {
    const thrown = code ? Object.assign(new Error('a secret text'), { code }) : 'a secret text';
    setImmediate(() => {
      throw thrown;
    });
  },
  log: async ({ line }: { line: string }) => peer.notify(engineLogNotice, { line }),
  close: () => (closeHangs ? new Promise<never>(() => undefined) : Promise.resolve()),
});
