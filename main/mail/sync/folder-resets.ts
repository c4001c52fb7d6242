export interface FolderResetLimit {
  /** Starts-over a folder may have within `windowMs`; then it is left alone until the oldest ages out. */
  max: number;
  windowMs: number;
}

export const defaultFolderResetLimit: FolderResetLimit = { max: 3, windowMs: 60 * 60_000 };

/**
 * How often each folder started over because the server gave it a new UIDVALIDITY. A server that
 * does so on every SELECT would otherwise have the whole folder fetched again and again.
 */
export function createFolderResets(limit: FolderResetLimit, now: () => number) {
  const resets = new Map<number, number[]>();
  const recent = (mailboxId: number) => (resets.get(mailboxId) ?? []).filter((at) => at > now() - limit.windowMs);
  return {
    record(mailboxId: number) {
      resets.set(mailboxId, [...recent(mailboxId), now()]);
    },
    /** The folder started over as often as allowed: not synced again for now. */
    held(mailboxId: number): boolean {
      return recent(mailboxId).length >= limit.max;
    },
  };
}
