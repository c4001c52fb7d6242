import type { Db } from '../../store/database';

/** What links a message to a conversation. */
export interface ThreadLinks {
  accountId: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
}

export interface ConversationThreading {
  /**
   * The conversation a message belongs to: the one holding any Message-ID it carries or
   * references (merging all such conversations into the oldest), else, for a reply whose
   * references are all unknown, the latest one with the same subject, else a new one. Pass the
   * message's current conversation to widen it with references learnt later.
   */
  assign(links: ThreadLinks, current?: number): number;
}

// Re:, Fwd:, Fw:, and their German, Scandinavian, Dutch, French and Italian forms, possibly
// counted ("Re[2]:") and repeated.
const replyPrefixes = /^(?:\s*(?:re|fwd?|aw|sv|vs|wg|antw|tr|rif|r)\s*(?:\[\d+\])?\s*:)+/iu;

/** The subject as a conversation key: without reply/forward prefixes, case and spacing folded. */
export function subjectKey(subject: string): string {
  return subject.replace(replyPrefixes, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

export function createConversationThreading(db: Db): ConversationThreading {
  const threadOfKey = db
    .prepare<[string, string], number>('SELECT thread_id FROM thread_keys WHERE account_id = ? AND message_id = ?')
    .pluck();
  const latestWithSubject = db
    .prepare<[string, string], number>(
      'SELECT id FROM threads WHERE account_id = ? AND subject_key = ? ORDER BY id DESC LIMIT 1',
    )
    .pluck();
  const insertThread = db.prepare<[string, string]>('INSERT INTO threads (account_id, subject_key) VALUES (?, ?)');
  const insertKey = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO thread_keys (account_id, message_id, thread_id) VALUES (?, ?, ?)',
  );
  const moveKeys = db.prepare<[number, number]>('UPDATE thread_keys SET thread_id = ? WHERE thread_id = ?');
  const moveMessages = db.prepare<[number, number]>('UPDATE messages SET thread_id = ? WHERE thread_id = ?');
  const deleteThread = db.prepare<[number]>('DELETE FROM threads WHERE id = ?');

  const merge = (into: number, from: number): void => {
    moveKeys.run(into, from);
    moveMessages.run(into, from);
    deleteThread.run(from);
  };

  return {
    assign(links, current) {
      const keys = new Set([links.messageId, links.inReplyTo, ...links.references].filter((key) => !!key) as string[]);
      const found = new Set<number>(current === undefined ? [] : [current]);
      for (const key of keys) {
        const thread = threadOfKey.get(links.accountId, key);
        if (thread !== undefined) found.add(thread);
      }

      const isReply = !!links.inReplyTo || links.references.length > 0;
      const subject = subjectKey(links.subject);
      if (found.size === 0 && isReply && subject !== '') {
        const sameSubject = latestWithSubject.get(links.accountId, subject);
        if (sameSubject !== undefined) found.add(sameSubject);
      }

      let thread: number;
      if (found.size === 0) {
        thread = Number(insertThread.run(links.accountId, subject).lastInsertRowid);
      } else {
        thread = Math.min(...found);
        for (const other of found) if (other !== thread) merge(thread, other);
      }
      for (const key of keys) insertKey.run(links.accountId, key, thread);
      return thread;
    },
  };
}
