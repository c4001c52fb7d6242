// A stand-in for the app's main process, run in its own process so its memory is its own: the
// mail engine on its worker thread (IMAP, the store's writer, the parse pool) exactly as the app
// starts it, and on this thread what answers the UI: a reader that lists the Unified Inbox after
// every change notice, while the event loop's delay and the process's RSS are recorded.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SyncStatus } from '../../shared/mail-models';
import type { EngineAccount } from '../../main/mail/engine/engine-api';
import { startMailEngine } from '../../main/mail/engine/mail-engine-client';
import { createMailReader } from '../../main/mail/store/mail-reader';
import { openDatabase } from '../../main/store/database';
import type { EngineRunRequest, EngineRunResult } from './engine-sync-run';

const send = (message: { result: EngineRunResult } | { error: string }) =>
  new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function runEngine(request: EngineRunRequest): Promise<EngineRunResult> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const db = openDatabase(request.databaseFile);
  const reader = createMailReader(db);
  const storedMessages = db.prepare<[], number>('SELECT count(*) FROM messages').pluck();
  const newestWanted = Math.min(50, request.messages);
  const account: EngineAccount = {
    id: request.accountId,
    email: request.email,
    authKind: 'password',
    imap: request.imap,
  };

  let newestStored: number | null = null;
  let headersStored: number | null = null;
  let headerMessages = 0;
  // The header sync is timed from an open, authenticated session, as the bare fetch it is held
  // against: the engine reports 'folders' right after its login.
  let signedIn: number | null = null;
  let finish: (status: SyncStatus) => void = () => undefined;
  const settled = new Promise<SyncStatus>((resolve) => (finish = resolve));
  const since = (start: number) => (performance.now() - start) / 1000;

  const engine = startMailEngine({
    // The app's default send rate limit; the bench sends nothing.
    start: {
      databaseFile: request.databaseFile,
      extraCa: [request.caPem],
      sendRateLimit: { messages: 30, perSeconds: 60 },
    },
    credentials: {
      password: async () => request.password,
      passwordRefused: async () => undefined,
      accessToken: async () => {
        throw new Error('the bench account signs in with an app password');
      },
      invalidateAccessToken: async () => undefined,
      requireSignIn: async () => undefined,
    },
    onNotice: (name, payload) => {
      if (name === 'changed' && newestStored === null) {
        if (reader.list({ kind: 'unified-inbox' }, 0, 50).rows.length >= newestWanted) newestStored = since(started);
      }
      if (name === 'status') {
        const status = payload as SyncStatus;
        if (status.phase === 'folders' && signedIn === null) signedIn = performance.now();
        if (status.phase === 'bodies' && headersStored === null) {
          headersStored = since(signedIn ?? started);
          headerMessages = storedMessages.get() ?? 0;
        }
        if (['idle', 'error', 'offline'].includes(status.phase)) finish(status);
      }
    },
    log: (line) => process.stderr.write(`[engine] ${line}\n`),
  });

  // What the UI asks first on start: the folders and the Unified Inbox's newest page.
  reader.folders();
  reader.list({ kind: 'unified-inbox' }, 0, 50);
  delay.enable();
  const started = performance.now();
  await engine.setAccounts([account]);
  const status = await settled;
  const seconds = since(started);
  delay.disable();
  let idleRss: number | null = null;
  if (request.idleAfterMs) {
    await new Promise((resolve) => setTimeout(resolve, request.idleAfterMs));
    idleRss = process.memoryUsage.rss();
  }
  clearInterval(sampler);
  await engine.close();
  if (status.phase !== 'idle') throw new Error(`sync ended in ${status.phase}: ${status.message ?? ''}`);
  return {
    seconds,
    newestStoredSeconds: newestStored ?? seconds,
    headersStoredSeconds: headersStored ?? seconds,
    headerMessages,
    eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
    eventLoopDelayMaxMs: delay.max / 1e6,
    peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
    idleRssMb: idleRss === null ? null : idleRss / 2 ** 20,
  };
}

process.once('message', (request: EngineRunRequest) => {
  runEngine(request)
    .then((result) => send({ result }))
    .catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.exit(0));
});
