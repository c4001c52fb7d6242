import { createAccountRepository } from '../../main/accounts/account-repository';
import { testAccount } from '../../main/accounts/accounts.test-support';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { header, standardMailboxes } from '../../main/mail/store/mail-store.test-support';
import { openDatabase } from '../../main/store/database';

/** A second account, signed out so the engine leaves it alone, whose Inbox holds `count` headers. */
export function addSyntheticInbox(databaseFile: string, count: number): void {
  const db = openDatabase(databaseFile);
  try {
    db.pragma('busy_timeout = 10000');
    const accounts = createAccountRepository(db);
    const { id } = accounts.upsertOnSignIn({ ...testAccount, email: 'synthetic@harbor.test' }, Date.now());
    accounts.setStatus(id, 'needs-sign-in', 'bench data');
    const writer = createMailWriter(db);
    const inbox = writer.syncMailboxes(id, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;
    const since = Date.UTC(2015, 0, 1);
    for (let first = 1; first <= count; first += 2_000) {
      const uids = Array.from({ length: Math.min(2_000, count - first + 1) }, (_, index) => first + index);
      writer.saveHeaders(
        inbox.id,
        uids.map((uid) => header(uid, { date: since + uid * 60_000, subject: `Synthetic message ${uid}` })),
      );
    }
  } finally {
    db.close();
  }
}
