import type { ImapFlow } from 'imapflow';
import { sizedBatches } from '../sync/body-budget';
import { uidSet } from '../sync/uid-sets';
import { keywordsOf, mboxEntry } from './mbox-entry';

/**
 * Full sources fetched per FETCH: what the export holds at most besides one message (a larger
 * message comes alone). imapflow reads a FETCH's messages as they arrive, whether or not the file
 * has taken the previous ones yet.
 */
export const EXPORT_BATCH_BYTES = 8 * 1024 * 1024;
const EXPORT_BATCH_COUNT = 200;

/**
 * A folder as mbox entries (mbox-entry.ts), oldest first, each message's whole source (RFC 822)
 * fetched from the server with its flags and arrival date: the store keeps no sources, and what it
 * has not downloaded yet belongs in the export too. The folder stays selected (read-only) on
 * `client` until the generator finishes or is returned.
 */
export async function* folderMbox(client: ImapFlow, path: string): AsyncGenerator<Buffer> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    if (!client.mailbox || client.mailbox.exists === 0) return;
    const { uidValidity, uidNext } = client.mailbox;
    const sizes: { uid: number; size: number }[] = [];
    const keywords = new Set<string>();
    for await (const message of client.fetch('1:*', { uid: true, size: true, flags: true }, { uid: true })) {
      sizes.push({ uid: message.uid, size: message.size ?? 0 });
      for (const keyword of keywordsOf([...(message.flags ?? [])])) keywords.add(keyword);
    }
    sizes.sort((a, b) => a.uid - b.uid);
    let base: { uidValidity: number; uidNext: number; keywords: string[] } | undefined = {
      uidValidity: Number(uidValidity),
      uidNext: Math.max(uidNext, (sizes.at(-1)?.uid ?? 0) + 1),
      keywords: [...keywords].sort(),
    };
    for (const batch of sizedBatches(sizes, EXPORT_BATCH_BYTES, EXPORT_BATCH_COUNT)) {
      const query = { uid: true, source: true, flags: true, internalDate: true };
      for await (const message of client.fetch(uidSet(batch.map(({ uid }) => uid)), query, { uid: true })) {
        if (!message.source) continue;
        const date = message.internalDate instanceof Date ? message.internalDate : new Date(message.internalDate ?? 0);
        yield mboxEntry({
          raw: message.source,
          date,
          flags: [...(message.flags ?? [])],
          imap: { uid: message.uid, base },
        });
        base = undefined;
      }
    }
  } finally {
    lock.release();
  }
}
