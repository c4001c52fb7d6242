import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccountRepository } from '../../accounts/account-repository';
import { testAccount } from '../../accounts/accounts.test-support';
import { openDatabase, type Db } from '../../store/database';
import { secondBase } from './date-ordered-ids';
import type { HeaderRecord, ServerMailbox } from './mail-store-types';
import { searchColumns } from './search-columns';

/** A store on a fresh temporary file, with one account (and more on request). */
export interface TestStore {
  db: Db;
  file: string;
  accountId: string;
  addAccount(email: string): string;
  close(): void;
}

export function openTestStore(): TestStore {
  const folder = mkdtempSync(path.join(tmpdir(), 'harbor-store-'));
  const file = path.join(folder, 'mail.sqlite');
  const db = openDatabase(file);
  const accounts = createAccountRepository(db);
  const addAccount = (email: string) => accounts.upsertOnSignIn({ ...testAccount, email }, Date.now()).id;
  return {
    db,
    file,
    accountId: addAccount(testAccount.email),
    addAccount,
    close() {
      db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export const serverMailbox = (path: string, role: ServerMailbox['role'] = null): ServerMailbox => ({
  path,
  name: path.split('/').at(-1) ?? path,
  delimiter: '/',
  role,
  selectable: true,
});

export const standardMailboxes: ServerMailbox[] = [
  serverMailbox('INBOX', 'inbox'),
  serverMailbox('Sent', 'sent'),
  serverMailbox('Archive', 'archive'),
  serverMailbox('Work'),
];

/** A header with plausible defaults; `uid` and anything else given override them. */
export function header(uid: number, fields: Partial<HeaderRecord> = {}): HeaderRecord {
  return {
    uid,
    messageId: `m${uid}@harbor.test`,
    inReplyTo: null,
    references: [],
    subject: `Message ${uid}`,
    from: { name: 'Bob Example', address: 'bob@example.test' },
    to: [{ name: 'Alice', address: 'alice@harbor.test' }],
    cc: [],
    replyTo: [],
    date: Date.UTC(2025, 0, 1) + uid * 60_000,
    flags: [],
    size: 1000,
    hasAttachments: false,
    modseq: null,
    ...fields,
  };
}

/**
 * An Inbox and its headers written as an older schema's writer wrote them (a conversation each, indexed by subject
 * and addresses), for the migration tests: today's writer needs today's columns.
 */
export function saveLegacyHeaders(db: Db, accountId: string, headers: HeaderRecord[]): number {
  const mailboxId = Number(
    db
      .prepare<[string]>("INSERT INTO mailboxes (account_id, path, name, role) VALUES (?, 'INBOX', 'INBOX', 'inbox')")
      .run(accountId).lastInsertRowid,
  );
  const insertThread = db.prepare<[string, string]>('INSERT INTO threads (account_id, subject_key) VALUES (?, ?)');
  const insertMessage = db.prepare(`
    INSERT INTO messages (id, account_id, mailbox_id, uid, message_id, thread_id, subject, from_name, from_address,
      to_json, cc_json, date, size)
    VALUES (@id, @accountId, @mailboxId, @uid, @messageId, @threadId, @subject, @fromName, @fromAddress, @to, @cc,
      @date, @size)
  `);
  const index = db.prepare(
    'INSERT INTO message_search (rowid, subject, sender, recipients, body) VALUES (@id, @subject, @sender, @recipients, @body)',
  );
  for (const record of headers) {
    const threadId = Number(insertThread.run(accountId, record.subject.toLowerCase()).lastInsertRowid);
    const id = secondBase(record.date) + record.uid;
    insertMessage.run({
      id,
      accountId,
      mailboxId,
      uid: record.uid,
      messageId: record.messageId,
      threadId,
      subject: record.subject,
      fromName: record.from?.name ?? '',
      fromAddress: record.from?.address ?? '',
      to: JSON.stringify(record.to),
      cc: JSON.stringify(record.cc),
      date: record.date,
      size: record.size,
    });
    index.run({ id, ...searchColumns(record.subject, record.from, record.to, record.cc, '') });
  }
  return mailboxId;
}
