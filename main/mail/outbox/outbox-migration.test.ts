import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { insertLegacyAccount } from '../../accounts/accounts.test-support';
import { openDatabase } from '../../store/database';
import { migrations } from '../../store/migrations';

const folder = mkdtempSync(path.join(tmpdir(), 'harbor-outbox-migration-'));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('keeps one item per draft from a store written before migration 7, the one furthest along', () => {
  const file = path.join(folder, 'mail.sqlite');
  const before = openDatabase(file, migrations.slice(0, 6));
  const accountId = insertLegacyAccount(before);
  const draft = () =>
    Number(
      before.prepare("INSERT INTO drafts (account_id, mode, saved_at) VALUES (?, 'new', 1)").run(accountId)
        .lastInsertRowid,
    );
  const item = (draftId: number, label: string, state: string) =>
    before
      .prepare(
        `INSERT INTO outbox (account_id, draft_id, message_id, envelope_from, envelope_to, raw, subject, to_json, state,
           send_at, created_at)
         VALUES (?, ?, ?, 'alice@harbor.test', '[]', x'00', ?, '[]', ?, 1, 1)`,
      )
      .run(accountId, draftId, `${label}@harbor.test`, label, state);
  const [waiting, onTheWire, bothOnTheWire, single] = [draft(), draft(), draft(), draft()];
  item(waiting, 'waiting first', 'queued');
  item(waiting, 'waiting second', 'retrying');
  item(onTheWire, 'failed first', 'failed');
  item(onTheWire, 'sending second', 'sending');
  item(onTheWire, 'queued third', 'queued');
  item(bothOnTheWire, 'possibly sent first', 'possiblySent');
  item(bothOnTheWire, 'sending second', 'sending');
  item(single, 'single', 'queued');
  before.close();

  const db = openDatabase(file);
  expect(
    db.prepare('SELECT subject, draft_id AS draftId FROM outbox ORDER BY id').all() as Array<{
      subject: string;
      draftId: number | null;
    }>,
  ).toEqual([
    { subject: 'waiting first', draftId: waiting },
    { subject: 'sending second', draftId: onTheWire },
    { subject: 'possibly sent first', draftId: bothOnTheWire },
    { subject: 'sending second', draftId: null },
    { subject: 'single', draftId: single },
  ]);
  expect(() => db.prepare("UPDATE outbox SET draft_id = ? WHERE subject = 'single'").run(waiting)).toThrow(
    /UNIQUE constraint failed/,
  );
  db.close();
});
