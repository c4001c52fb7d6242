import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { AppError, isAppError } from '../../../shared/errors';
import { closeImapSession } from '../imap-session';
import { folderMbox } from './folder-mbox';

/** What one exportNext answer carries at most, besides one message larger than that. */
const CHUNK_BYTES = 1024 * 1024;

export interface ExportChunk {
  /** Null when the folder is done (and the session closed). */
  chunk: Uint8Array | null;
  messages: number;
}

export interface ExportRuns {
  /** A run over a folder on a session of its own; nothing is fetched until `next`. */
  start(client: ImapFlow, path: string, accountId: string): string;
  /** The next mbox bytes: the reader pulls, so only one chunk is on its way at a time. */
  next(exportId: string): Promise<ExportChunk>;
  /** Ends a run early (or again): its session logs out. */
  stop(exportId: string): Promise<void>;
  /** Ends the runs of an account leaving the app: what they had not fetched stays on the server. */
  stopAccount(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
}

const runGone = () => new AppError('NOT_FOUND', 'This export has ended.');
const accountLeft = () =>
  new AppError('NOT_FOUND', 'The export stopped because its account was signed out; the file is incomplete.');
const connectionLost = () =>
  new AppError('CONNECTION_FAILED', 'The connection to the mail server was lost during the export.');

/** Folder exports in the engine, each pulled chunk by chunk by the thread that writes the file. */
export function createExportRuns(): ExportRuns {
  const runs = new Map<string, { client: ImapFlow; entries: AsyncGenerator<Buffer>; accountId: string }>();
  // Runs ended with their account, so the reader still pulling learns why rather than "ended".
  const endings = new Map<string, AppError>();

  const stop = async (exportId: string) => {
    const run = runs.get(exportId);
    runs.delete(exportId);
    if (!run) return;
    await run.entries.return(undefined).catch(() => undefined);
    await closeImapSession(run.client);
  };

  const takeEnding = (exportId: string) => {
    const ending = endings.get(exportId);
    endings.delete(exportId);
    return ending;
  };

  return {
    start(client, path, accountId) {
      const exportId = randomUUID();
      runs.set(exportId, { client, entries: folderMbox(client, path), accountId });
      return exportId;
    },
    async next(exportId) {
      const run = runs.get(exportId);
      if (!run) throw takeEnding(exportId) ?? runGone();
      const parts: Buffer[] = [];
      let bytes = 0;
      try {
        while (bytes < CHUNK_BYTES) {
          const entry = await run.entries.next();
          if (entry.done) break;
          parts.push(entry.value);
          bytes += entry.value.byteLength;
        }
      } catch (error) {
        const usable = run.client.usable;
        await stop(exportId);
        const ending = takeEnding(exportId);
        if (ending) throw ending;
        if (isAppError(error)) throw error;
        throw usable
          ? new AppError('PROTOCOL_ERROR', 'The mail server could not export this folder.')
          : connectionLost();
      }
      if (parts.length === 0) {
        await stop(exportId);
        return { chunk: null, messages: 0 };
      }
      return { chunk: new Uint8Array(Buffer.concat(parts)), messages: parts.length };
    },
    stop: async (exportId) => {
      endings.delete(exportId);
      await stop(exportId);
    },
    async stopAccount(accountId) {
      const leaving = [...runs].filter(([, run]) => run.accountId === accountId).map(([exportId]) => exportId);
      for (const exportId of leaving) endings.set(exportId, accountLeft());
      await Promise.all(leaving.map(stop));
    },
    async stopAll() {
      await Promise.all([...runs.keys()].map(stop));
    },
  };
}
