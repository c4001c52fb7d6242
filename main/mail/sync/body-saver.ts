import type { BodyRecord, MailWriter } from '../store/mail-store-types';

export interface BodySaver {
  /** Keeps a parsed body; stores the kept ones in one transaction once `chunk` are waiting. */
  add(uid: number, body: BodyRecord): void;
  /** Stores whatever is waiting. */
  flush(): void;
}

/**
 * Parsed bodies of one folder, stored a chunk per transaction: a commit per body, and a search-index
 * segment per body, are what made the body pass slow.
 */
export function createBodySaver(
  writer: MailWriter,
  mailboxId: number,
  chunk: number,
  onFailed: (uids: number[]) => void,
): BodySaver {
  let waiting: { uid: number; body: BodyRecord }[] = [];
  const flush = () => {
    if (waiting.length === 0) return;
    const bodies = waiting;
    waiting = [];
    try {
      writer.saveBodies(mailboxId, bodies);
    } catch {
      onFailed(bodies.map(({ uid }) => uid));
    }
  };
  return {
    add(uid, body) {
      waiting.push({ uid, body });
      if (waiting.length >= chunk) flush();
    },
    flush,
  };
}
