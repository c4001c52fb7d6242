import { fork } from 'node:child_process';
import type { Endpoint } from '../../main/auth/provider-presets';
import { benchBundles } from './bench-bundles';

export interface EngineRunRequest {
  databaseFile: string;
  accountId: string;
  email: string;
  password: string;
  imap: Endpoint;
  caPem: string;
  /** Messages in the Inbox, so "the newest page is stored" knows how many rows to wait for. */
  messages: number;
  /** How long to stay once caught up before `idleRssMb` is read (0: not read). */
  idleAfterMs?: number;
}

export interface EngineRunResult {
  /** From setAccounts until the engine reports idle: every header and body stored and indexed. */
  seconds: number;
  /** Until the Unified Inbox's newest 50 rows can be read from the store. */
  newestStoredSeconds: number;
  /** From the session's login to the first body batch, i.e. every folder's headers are stored. */
  headersStoredSeconds: number;
  /** Messages of every folder stored by then (the header sync's work; the bare fetch reads the Inbox only). */
  headerMessages: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Peak RSS of the process: its main thread, the engine worker and the parse pool. */
  peakRssMb: number;
  /** RSS `idleAfterMs` after it caught up, the engine still running. */
  idleRssMb: number | null;
}

/**
 * One engine run in a fresh process until caught up, from the bundle of engine-sync-child.ts (built
 * by buildBenchBundles); the password goes over the IPC channel only.
 */
export function runEngineSync(request: EngineRunRequest): Promise<EngineRunResult> {
  return new Promise((resolve, reject) => {
    // Plain node: fork would otherwise pass on this process's tsx loader flags.
    const child = fork(benchBundles.engineSyncChild, [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    child.once('message', (message: { result?: EngineRunResult; error?: string }) => {
      answered = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`engine run failed: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`engine run exited (${code}) without a result`));
    });
    child.send(request);
  });
}
