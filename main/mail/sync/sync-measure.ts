import type { ImapFlow } from 'imapflow';
import type { SyncStatus } from '../../../shared/mail-models';
import type { BodyRecord, MailWriter } from '../store/mail-store-types';
import { createAccountSync } from './account-sync';
import { HEADER_QUERY } from './header-record';

export interface SyncMeasureInput {
  connect: () => Promise<ImapFlow>;
  writer: MailWriter;
  accountId: string;
  headerBatchSize?: number;
}

export interface SyncMeasurement {
  messages: number;
  /** One bare imapflow FETCH 1:* of the header sync's fields, nothing stored. */
  bareFetchSeconds: number;
  /** From start (connect included) to every folder's headers stored. */
  headerSyncSeconds: number;
  /** From start to the Inbox's newest page stored (the first onChanged). */
  newestPageSeconds: number;
  /** A second start on the same store with nothing changed, until caught up. */
  noChangeResyncSeconds: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

async function bareFetch(connect: () => Promise<ImapFlow>): Promise<{ messages: number; seconds: number }> {
  const client = await connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const started = performance.now();
      let messages = 0;
      for await (const message of client.fetch('1:*', HEADER_QUERY)) if (message.uid) messages++;
      return { messages, seconds: seconds(started) };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** Runs the account sync until its headers are stored (the body pass is not measured). */
async function headerPass(input: SyncMeasureInput): Promise<{ total: number; newest: number }> {
  const started = performance.now();
  let newest = -1;
  let finish: (status: SyncStatus) => void = () => undefined;
  const caughtUp = new Promise<SyncStatus>((resolve) => (finish = resolve));
  const sync = createAccountSync({
    accountId: input.accountId,
    connect: input.connect,
    writer: input.writer,
    headerBatchSize: input.headerBatchSize,
    parseBody: () => new Promise<BodyRecord>(() => undefined),
    onStatus: (status) => {
      if (['bodies', 'idle', 'error'].includes(status.phase)) finish(status);
    },
    onChanged: () => {
      if (newest < 0) newest = seconds(started);
    },
    onNewMail: () => undefined,
  });
  const status = await caughtUp;
  const total = seconds(started);
  await sync.stop();
  if (status.phase === 'error') throw new Error(status.message ?? 'sync failed');
  return { total, newest };
}

/** Header sync speed against a bare fetch of the same fields, time to the newest page, no-change resync. */
export async function measureHeaderSync(input: SyncMeasureInput): Promise<SyncMeasurement> {
  // The first FETCH of ENVELOPE and BODYSTRUCTURE makes Dovecot read and cache every message:
  // warm that cache once so both sides are timed against the same server state.
  await bareFetch(input.connect);
  const first = await headerPass(input);
  const bare = await bareFetch(input.connect);
  const again = await headerPass(input);
  return {
    messages: bare.messages,
    bareFetchSeconds: bare.seconds,
    headerSyncSeconds: first.total,
    newestPageSeconds: first.newest,
    noChangeResyncSeconds: again.total,
  };
}
