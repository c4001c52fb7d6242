import type { Db } from '../../store/database';
import { pendingFlagOverrides } from '../actions/pending-flag-overrides';
import type { MailWriter } from '../store/mail-store-types';

/**
 * The writer as the sync engine sees it: flags the server reports for a message whose flag change
 * is still waiting to reach the server keep the user's choice, so a sync never undoes a click.
 */
export function pendingAwareWriter(db: Db, writer: MailWriter): MailWriter {
  const withPendingFlags = pendingFlagOverrides(db);
  return {
    ...writer,
    saveHeaders: (mailboxId, headers) => writer.saveHeaders(mailboxId, withPendingFlags(mailboxId, headers)),
    applyFlags: (mailboxId, changes) => writer.applyFlags(mailboxId, withPendingFlags(mailboxId, changes)),
  };
}
