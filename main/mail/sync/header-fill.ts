import { AppError } from '../../../shared/errors';
import type { NetworkTrust } from '../../auth/types';
import type { HeaderRecord } from '../store/mail-store-types';
import type { ImapFlow } from 'imapflow';
import { closeImapSession, openImapSession, type ImapLogin } from '../imap-session';
import { HEADER_QUERY, toHeaderRecord } from './header-record';
import { identitySource } from './message-identity';

/** Headers handed over per store transaction while a fill's FETCH streams on. */
const HEADER_SAVE_CHUNK = 500;

/** Headers of `range` below `below`, handed to `save` in chunks as they arrive (the last may be empty). */
export async function streamHeaders(
  client: ImapFlow,
  range: string,
  below: number,
  save: (records: HeaderRecord[]) => void | Promise<void>,
): Promise<void> {
  let chunk: HeaderRecord[] = [];
  for await (const message of client.fetch(range, HEADER_QUERY, { uid: true })) {
    if (message.uid >= below) continue;
    chunk.push(toHeaderRecord(message, identitySource(client.capabilities)));
    if (chunk.length >= HEADER_SAVE_CHUNK) {
      await save(chunk);
      chunk = [];
    }
  }
  await save(chunk);
}

/** A folder's missing headers, fetched batch by batch (UID sets, newest first) below `below`. */
export interface HeaderFill {
  path: string;
  uidValidity: number;
  batches: string[];
  below: number;
}

/** Headers read so far; `batchDone` is the index of a batch whose headers have all been reported. */
export interface HeaderFillReport {
  records: HeaderRecord[];
  batchDone: number | null;
}

/** A fill on an IMAP session of its own: a plain copy of the login and trust, so it can run on another thread. */
export interface HeaderFillRequest extends HeaderFill {
  login: ImapLogin;
  trust: NetworkTrust;
}

/**
 * Runs a fill on a session of its own and reports the headers in chunks. At most one report is
 * unanswered at a time: the next chunk is read from the server while the last one is stored.
 */
export async function fillHeaders(
  request: HeaderFillRequest,
  report: (part: HeaderFillReport) => Promise<void>,
): Promise<void> {
  const client = await openImapSession(request.login, request.trust);
  // The report in flight is awaited only when the next one is ready: its failure is kept until then.
  let unanswered: Promise<void> = Promise.resolve();
  let refused: { error: unknown } | null = null;
  const answered = async () => {
    await unanswered;
    if (refused) throw refused.error;
  };
  const send = async (part: HeaderFillReport) => {
    await answered();
    unanswered = report(part).catch((error: unknown) => {
      refused = { error };
    });
  };
  try {
    const box = await client.mailboxOpen(request.path, { readOnly: true });
    if (Number(box.uidValidity) !== request.uidValidity) {
      throw new AppError('NOT_FOUND', 'The folder was replaced on the server during the sync.');
    }
    for (const [index, batch] of request.batches.entries()) {
      await streamHeaders(client, batch, request.below, (records) => send({ records, batchDone: null }));
      await send({ records: [], batchDone: index });
    }
    await answered();
  } finally {
    await closeImapSession(client);
  }
}
