import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { insertLegacyAccount } from '../../accounts/accounts.test-support';
import { openDatabase, type Db } from '../../store/database';
import { migrations } from '../../store/migrations';
import { createMailReader } from './mail-reader';
import { createMailWriter } from './mail-writer';
import { header, saveLegacyHeaders } from './mail-store.test-support';

const folder = mkdtempSync(path.join(tmpdir(), 'harbor-search-migration-'));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A body as an older store kept it: today's writer also fills columns later migrations added. */
function storeOldBody(db: Db, uid: number, text: string) {
  const id = db.prepare('SELECT id FROM messages WHERE uid = ?').pluck().get(uid) as number;
  db.prepare('INSERT INTO bodies (message_id, text, html) VALUES (?, ?, NULL)').run(id, text);
  db.prepare('UPDATE messages SET has_body = 1 WHERE id = ?').run(id);
}

it('rebuilds the search index of a store written before migration 6, finding the same mail', () => {
  const file = path.join(folder, 'mail.sqlite');
  const before = openDatabase(file, migrations.slice(0, 5));
  const accountId = insertLegacyAccount(before);
  const inboxId = saveLegacyHeaders(before, accountId, [
    header(1, {
      subject: 'Quarterly zeppelin budget',
      from: { name: 'Dora Fischer', address: 'dora@example.test' },
      to: [{ name: 'Alice', address: 'alice@harbor.test' }],
      cc: [{ name: 'Erin Moss', address: 'erin@example.test' }],
    }),
    header(2, { subject: 'Lunch' }),
  ]);
  storeOldBody(before, 1, 'the marmalade shipment');
  before.close();

  const db = openDatabase(file);
  const reader = createMailReader(db);
  const subjects = (query: string) => reader.list({ kind: 'search', query }, 0, 10).rows.map((row) => row.subject);
  expect(subjects('marmalade')).toEqual(['Quarterly zeppelin budget']);
  expect(subjects('zep')).toEqual(['Quarterly zeppelin budget']);
  expect(subjects('q')).toEqual(['Quarterly zeppelin budget']);
  expect(subjects('from:dora ')).toEqual(['Quarterly zeppelin budget']);
  expect(subjects('to:erin@example.test ')).toEqual(['Quarterly zeppelin budget']);
  expect(subjects('lunch ')).toEqual(['Lunch']);
  expect(subjects('alice ')).toHaveLength(2);
  // New mail after the rebuild is indexed as before.
  const after = createMailWriter(db);
  after.saveHeaders(inboxId, [header(3, { subject: 'Zeppelin landing' })]);
  expect(subjects('zeppelin ')).toHaveLength(2);
  db.close();
});

it('indexes again the Chinese, Japanese and Korean text of a store written before migration 11', () => {
  const file = path.join(folder, 'mail.sqlite');
  const before = openDatabase(file, migrations.slice(0, 10));
  const accountId = insertLegacyAccount(before);
  saveLegacyHeaders(before, accountId, [
    header(1, { subject: '世界人権宣言', from: { name: '王小明', address: 'wang@example.cn' } }),
    header(2, { subject: 'Budget' }),
  ]);
  storeOldBody(before, 2, '日本語が話せますか');
  // What the index held before: each run of letters one token.
  const ids = before.prepare('SELECT id FROM messages ORDER BY uid').pluck().all() as number[];
  const unsegmented = before.prepare(
    'INSERT OR REPLACE INTO message_search (rowid, subject, sender, recipients, body) VALUES (?, ?, ?, ?, ?)',
  );
  unsegmented.run(ids[0], '世界人権宣言', '王小明 wang@example.cn', 'Alice alice@harbor.test', '');
  unsegmented.run(ids[1], 'Budget', 'Bob Example bob@example.test', 'Alice alice@harbor.test', '日本語が話せますか');
  before.close();

  const db = openDatabase(file);
  const reader = createMailReader(db);
  const subjects = (query: string) => reader.list({ kind: 'search', query }, 0, 10).rows.map((row) => row.subject);
  expect(subjects('宣言 ')).toEqual(['世界人権宣言']);
  expect(subjects('from:小明 ')).toEqual(['世界人権宣言']);
  expect(subjects('本語 ')).toEqual(['Budget']);
  expect(subjects('budget ')).toEqual(['Budget']);
  expect(subjects('alice ')).toHaveLength(2);
  db.close();
});
