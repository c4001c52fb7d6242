import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createAccountRepository } from '../accounts/account-repository';
import { testAccount } from '../accounts/accounts.test-support';
import { header, saveLegacyHeaders } from '../mail/store/mail-store.test-support';
import { openDatabase } from './database';
import { migrations } from './migrations';

const folder = mkdtempSync(path.join(tmpdir(), 'harbor-body-parts-migration-'));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('reads again the stored bodies with a calendar or signature part, so they show an event or a mark', () => {
  const file = path.join(folder, 'mail.sqlite');
  const before = openDatabase(file, migrations.slice(0, 14));
  const accountId = createAccountRepository(before).upsertOnSignIn(testAccount, Date.now()).id;
  saveLegacyHeaders(before, accountId, [header(1), header(2), header(3)]);
  const ids = before.prepare('SELECT id FROM messages ORDER BY uid').pluck().all() as number[];
  const attach = before.prepare(
    'INSERT INTO attachments (message_id, filename, content_type, size) VALUES (?, ?, ?, 10)',
  );
  attach.run(ids[0], 'invite.ics', 'text/calendar');
  attach.run(ids[1], 'smime.p7s', 'application/pkcs7-signature');
  attach.run(ids[2], 'report.pdf', 'application/pdf');
  before.prepare('UPDATE messages SET has_body = 1').run();
  before.close();

  const db = openDatabase(file);
  expect(db.prepare('SELECT uid FROM messages WHERE has_body = 0 ORDER BY uid').pluck().all()).toEqual([1, 2]);
  const columns = (table: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
  expect(columns('bodies')).toEqual(expect.arrayContaining(['calendar', 'protection']));
  expect(columns('messages')).toContain('invitation_answer');
  db.close();
});
