import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, openDatabase, writeTransaction } from './database';
import { migrations } from './migrations';

const tableNames = (db: ReturnType<typeof openDatabase>): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);

describe('openDatabase', () => {
  let folder: string;
  let file: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'harbor-db-'));
    file = path.join(folder, 'mail.sqlite');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the schema in memory with foreign keys on', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['accounts', 'activity', 'mailboxes', 'messages', 'bodies', 'attachments', 'threads']),
    );
    expect(tableNames(db)).toContain('message_search');
    db.close();
  });

  it('uses WAL on a file and applies each migration once across reopenings', () => {
    const first = openDatabase(file);
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    first.prepare("INSERT INTO activity (at, account_id, kind, detail) VALUES (1, NULL, 'error', 'kept')").run();
    first.close();

    // Re-running migration 1 would fail on CREATE TABLE and lose nothing silently: reopening must not.
    const second = openDatabase(file);
    expect(second.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(second.prepare('SELECT detail FROM activity').pluck().all()).toEqual(['kept']);
    second.close();
  });

  it('upgrades accounts from before migration 2 to OAuth accounts', () => {
    const v1 = openDatabase(file, migrations.slice(0, 1));
    v1.prepare(
      `INSERT INTO accounts (id, provider_id, email, issuer, client_id, scopes, imap_host, imap_port, imap_security,
        smtp_host, smtp_port, smtp_security, created_at)
       VALUES ('sandbox:a@b.test', 'sandbox', 'a@b.test', 'https://i.test', 'c', 'openid', 'h', 993, 'tls', 'h', 465, 'tls', 1)`,
    ).run();
    v1.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT auth_kind FROM accounts').pluck().all()).toEqual(['oauth']);
    db.close();
  });

  it('applies only the migrations a database has not seen yet, in order', () => {
    const createLog = 'CREATE TABLE applied (step INTEGER)';
    openDatabase(file, [createLog, 'INSERT INTO applied VALUES (2)']).close();
    const db = openDatabase(file, [createLog, 'INSERT INTO applied VALUES (2)', 'INSERT INTO applied VALUES (3)']);
    expect(db.prepare('SELECT step FROM applied').pluck().all()).toEqual([2, 3]);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
  });

  it('rolls a failing migration back entirely, number included', () => {
    openDatabase(file, ['CREATE TABLE a (x)']).close();
    expect(() =>
      openDatabase(file, ['CREATE TABLE a (x)', 'CREATE TABLE b (y); INSERT INTO missing VALUES (1)']),
    ).toThrow(/no such table: missing/);
    const db = openDatabase(file, ['CREATE TABLE a (x)']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tableNames(db)).toEqual(['a']);
    db.close();
  });

  it('refuses a database written by a newer version with a clear message', () => {
    const db = openDatabase(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Harbor Mail .*Update Harbor Mail/);
  });

  it('holds the write lock for a whole write transaction, so another connection cannot commit between its read and its write', () => {
    const ui = openDatabase(file);
    const engine = openDatabase(file);
    engine.pragma('busy_timeout = 0');
    const log = (db: typeof ui, detail: string) =>
      db.prepare("INSERT INTO activity (at, account_id, kind, detail) VALUES (1, NULL, 'error', ?)").run(detail);
    const count = ui.prepare('SELECT count(*) FROM activity').pluck();

    const numbered = writeTransaction(ui, () => {
      const seen = count.get() as number;
      expect(() => log(engine, 'from the engine')).toThrow(/database is locked/);
      log(ui, `entry ${seen + 1}`);
      return seen + 1;
    });
    expect(numbered()).toBe(1);
    log(engine, 'from the engine');
    expect(ui.prepare('SELECT detail FROM activity ORDER BY rowid').pluck().all()).toEqual([
      'entry 1',
      'from the engine',
    ]);
    ui.close();
    engine.close();
  });
});
