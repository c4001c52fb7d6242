import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../accounts/account-repository';
import { createMailReader } from './mail-reader';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from './mail-store.test-support';

const mailTables = [
  'mailboxes',
  'messages',
  'bodies',
  'attachments',
  'threads',
  'thread_keys',
  'remote_content_senders',
  'pending_actions',
];

describe('the mail store schema', () => {
  let store: TestStore;
  beforeEach(() => (store = openTestStore()));
  afterEach(() => store.close());

  const rowCounts = () =>
    Object.fromEntries(
      mailTables.map((table) => [table, store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]),
    );

  it('deletes all of an account’s mail with the account, and nothing of another account', () => {
    const writer = createMailWriter(store.db);
    const reader = createMailReader(store.db);
    const fill = (accountId: string) => {
      const inbox = writer.syncMailboxes(accountId, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;
      writer.saveHeaders(inbox.id, [header(1, { subject: `zebra ${accountId}` }), header(2)]);
      writer.saveBody(inbox.id, 1, {
        text: 'quokka',
        html: null,
        snippet: 'quokka',
        references: [],
        attachments: [
          {
            filename: 'a.png',
            contentType: 'image/png',
            size: 1,
            contentId: 'a',
            inline: true,
            part: '2',
            content: new Uint8Array([1]),
          },
        ],
      });
      reader.allowRemoteContent(accountId, 'bob@example.test');
      store.db
        .prepare("INSERT INTO pending_actions (account_id, kind, payload, created_at) VALUES (?, 'move', '{}', 1)")
        .run(accountId);
    };
    const other = store.addAccount('carol@harbor.test');
    fill(store.accountId);
    fill(other);
    const both = rowCounts();
    expect(Object.values(both).every((count) => count > 0)).toBe(true);

    expect(createAccountRepository(store.db).deleteWithLocalData(store.accountId)).toBe(true);

    const left = rowCounts();
    for (const table of mailTables) expect(left[table], table).toBe(both[table]! / 2);
    expect(store.db.prepare('SELECT count(*) FROM messages WHERE account_id = ?').pluck().get(store.accountId)).toBe(0);
    const searchHits = (word: string) =>
      store.db.prepare('SELECT count(*) FROM message_search WHERE message_search MATCH ?').pluck().get(word);
    expect(searchHits('quokka')).toBe(1);
    expect(searchHits('zebra')).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });
});
