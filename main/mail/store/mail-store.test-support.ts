import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccountRepository } from '../../accounts/account-repository';
import { testAccount } from '../../accounts/accounts.test-support';
import { openDatabase, type Db } from '../../store/database';
import type { HeaderRecord, ServerMailbox } from './mail-store-types';

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
