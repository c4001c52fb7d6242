import path from 'node:path';
import { bareHeaderFetch, bareSourceFetch } from './ceiling-fetch';
import type { BenchMailbox } from './bench-mailbox';
import { runEngineSync, type EngineRunRequest } from './engine-sync-run';
import { measureLocalLatency, type LocalLatency } from './local-search-latency';
import { createMbsyncPeer } from './mbsync-peer';
import { repeat, type RunSummary } from './sample-stats';
import { measureServerBytes } from './server-bytes';

export interface MailboxFigures {
  messages: number;
  megabytes: number;
  ceiling: { headerFetchSeconds: RunSummary; headerFetchMessages: number; sourceFetchSeconds: RunSummary };
  mbsync: { firstSyncSeconds: RunSummary; firstSyncMegabytes: RunSummary; resyncSeconds: RunSummary };
  ours: {
    newestStoredSeconds: RunSummary;
    headerSyncSeconds: RunSummary;
    /** Messages in all folders the header sync stored. */
    headerSyncMessages: number;
    fullCopySeconds: RunSummary;
    /** What the server sent during the first sync (headers, bodies and all). */
    fullCopyMegabytes: RunSummary;
    resyncSeconds: RunSummary;
    eventLoopDelayP99Ms: RunSummary;
    eventLoopDelayMaxMs: RunSummary;
    peakRssMb: RunSummary;
  };
  localLatency: LocalLatency;
  /** The last full copy's store, kept for the measurements that follow. */
  databaseFile: string;
}

export interface MailboxPlan {
  repetitions: number;
  latencySamples: number;
  print: (line: string) => void;
}

export async function measureMailbox(mailbox: BenchMailbox, plan: MailboxPlan): Promise<MailboxFigures> {
  const { print } = plan;
  // Dovecot indexes a fresh Maildir and caches ENVELOPE and BODYSTRUCTURE on the first FETCH:
  // pay that once, untimed, so every contender meets the same warm server.
  await bareHeaderFetch(mailbox.connect);
  await bareSourceFetch(mailbox.connect);

  print(`  ceiling: bare imapflow fetches x${plan.repetitions}`);
  let headerFetchMessages = 0;
  const ceilingTimes = await repeat(plan.repetitions, async () => {
    const headers = await bareHeaderFetch(mailbox.connect);
    headerFetchMessages = headers.messages;
    return {
      headerFetchSeconds: headers.seconds,
      sourceFetchSeconds: (await bareSourceFetch(mailbox.connect)).seconds,
    };
  });
  const ceiling = { ...ceilingTimes, headerFetchMessages };

  print(`  peer: mbsync first sync and no-change resync x${plan.repetitions}`);
  const peer = await createMbsyncPeer(
    {
      port: mailbox.imap.port,
      email: mailbox.email,
      password: mailbox.password,
      caFile: mailbox.stack.ca.caFile,
    },
    path.join(mailbox.stack.dir, 'mbsync'),
  );
  const serverLog = mailbox.stack.dovecot.logFile;
  const mbsync = await repeat(plan.repetitions, async () => {
    const first = await measureServerBytes(serverLog, () => peer.firstSync());
    return {
      firstSyncSeconds: first.result,
      firstSyncMegabytes: first.bytes / 1e6,
      resyncSeconds: await peer.resync(),
    };
  }).finally(() => peer.close());

  print(`  ours: engine worker first sync and no-change resync x${plan.repetitions}`);
  let databaseFile = '';
  let headerSyncMessages = 0;
  const ourTimes = await repeat(plan.repetitions, async () => {
    const store = mailbox.newStore();
    databaseFile = store.databaseFile;
    const request: EngineRunRequest = {
      ...store,
      email: mailbox.email,
      password: mailbox.password,
      imap: mailbox.imap,
      caPem: mailbox.stack.ca.caPem,
      messages: mailbox.messages,
    };
    const { result: first, bytes } = await measureServerBytes(serverLog, () => runEngineSync(request));
    const again = await runEngineSync(request);
    headerSyncMessages = first.headerMessages;
    return {
      newestStoredSeconds: first.newestStoredSeconds,
      headerSyncSeconds: first.headersStoredSeconds,
      fullCopySeconds: first.seconds,
      fullCopyMegabytes: bytes / 1e6,
      resyncSeconds: again.seconds,
      eventLoopDelayP99Ms: first.eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: first.eventLoopDelayMaxMs,
      peakRssMb: first.peakRssMb,
    };
  });
  const ours = { ...ourTimes, headerSyncMessages };

  print(`  local search and open: ${plan.latencySamples} samples each`);
  const localLatency = measureLocalLatency(databaseFile, plan.latencySamples);
  return {
    messages: mailbox.messages,
    megabytes: mailbox.bytes / 1e6,
    ceiling,
    mbsync,
    ours,
    localLatency,
    databaseFile,
  };
}
