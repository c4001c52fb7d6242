import type { ImapFlow } from 'imapflow';
import { closeImapSession } from '../imap-session';

/**
 * One IMAP session per account for the user's changes, kept open for `keepMs` after its last use:
 * the next change within that time goes out at once instead of waiting for a new login (and a
 * burst of changes spends one login, not one each).
 */
export function createKeptSessions(connect: (accountId: string) => Promise<ImapFlow>, keepMs = 60_000) {
  const kept = new Map<string, { session: ImapFlow; timer: NodeJS.Timeout }>();

  const drop = (accountId: string): ImapFlow | undefined => {
    const entry = kept.get(accountId);
    if (!entry) return undefined;
    kept.delete(accountId);
    clearTimeout(entry.timer);
    return entry.session;
  };

  return {
    /** The kept session when it still works, else a new one. The caller has it alone until it gives it back. */
    async take(accountId: string): Promise<ImapFlow> {
      const session = drop(accountId);
      if (session?.usable) return session;
      void closeImapSession(session ?? null);
      return connect(accountId);
    },
    /** Kept for the next change when it still works (and nothing else is kept), else closed. */
    give(accountId: string, session: ImapFlow): Promise<void> {
      if (!session.usable || kept.has(accountId)) return closeImapSession(session);
      const timer = setTimeout(() => {
        if (kept.get(accountId)?.session === session) void closeImapSession(drop(accountId)!);
      }, keepMs);
      timer.unref();
      kept.set(accountId, { session, timer });
      return Promise.resolve();
    },
    /** Closes the account's kept session (it stops, or signs out). */
    forget(accountId: string): Promise<void> {
      return closeImapSession(drop(accountId) ?? null);
    },
    closeAll(): Promise<void> {
      return Promise.all([...kept.keys()].map((accountId) => closeImapSession(drop(accountId)!))).then(() => undefined);
    },
  };
}
