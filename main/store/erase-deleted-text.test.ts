import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../accounts/account-repository';
import { insertLegacyAccount, testAccount } from '../accounts/accounts.test-support';
import { openDatabase } from './database';
import { textInFreePagesKey } from './erase-deleted-text';
import { migrations } from './migrations';

// A store used before every connection ran with secure_delete keeps deleted text in free pages;
// migration 10 marks it, and the next account deletion rebuilds it once. The stack test
// (e2e/integration/sign-out-erases-text.stack.test.ts) covers stores that always had it.

let folder: string;
let file: string;
const word = 'quokkazanzibarwharf';
const fileBytes = () =>
  ['', '-wal'].map((suffix) => readFileSync(`${file}${suffix}`, { flag: 'a+' }).toString('latin1')).join('');

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'harbor-erase-'));
  file = path.join(folder, 'harbor.db');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A store at migration 9, as the previous version left it: drafts written and deleted without secure_delete. */
function legacyStoreWithDeletedText(): void {
  const db = openDatabase(file, migrations.slice(0, 9));
  db.pragma('secure_delete = OFF');
  const id = insertLegacyAccount(db);
  const insert = db.prepare('INSERT INTO drafts (account_id, mode, text, saved_at) VALUES (?, ?, ?, ?)');
  for (let index = 0; index < 20; index += 1) insert.run(id, 'new', `${word} `.repeat(500), index);
  db.prepare('DELETE FROM drafts').run();
  db.close();
}

describe('a store used before secure delete', () => {
  it('is marked by the migration and rebuilt at the next account deletion, once', () => {
    legacyStoreWithDeletedText();
    expect(fileBytes()).toContain(word);

    const db = openDatabase(file);
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(textInFreePagesKey)).toBe('1');
    const accounts = createAccountRepository(db);
    const other = accounts.upsertOnSignIn({ ...testAccount, email: 'bob@harbor.test' }, 2);
    expect(accounts.deleteWithLocalData(other.id)).toBe(true);
    expect(fileBytes()).not.toContain(word);
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get(textInFreePagesKey)).toBeUndefined();
    expect(accounts.list().map((account) => account.email)).toEqual([testAccount.email]);
    db.close();
  });

  it('is not marked when new', () => {
    const db = openDatabase(file);
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get(textInFreePagesKey)).toBeUndefined();
    db.close();
  });
});
