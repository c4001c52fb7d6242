import { afterEach, beforeEach, expect, expectTypeOf, it } from 'vitest';
import { openDatabase, type Db } from './database';
import { readonlyDb, type ReadonlyDb } from './readonly-db';

let db: Db;
let readable: ReadonlyDb;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.prepare("INSERT INTO activity (at, account_id, kind, detail) VALUES (1, NULL, 'error', 'kept')").run();
  readable = readonlyDb(db);
});
afterEach(() => db.close());

it('reads', () => {
  expect(readable.prepare<[], string>('SELECT detail FROM activity').pluck().all()).toEqual(['kept']);
  expect(readable.prepare<[number], { detail: string }>('SELECT detail FROM activity WHERE at = ?').get(1)).toEqual({
    detail: 'kept',
  });
});

it('refuses to prepare anything that writes, before it runs', () => {
  for (const sql of [
    "INSERT INTO activity (at, account_id, kind, detail) VALUES (2, NULL, 'error', 'added')",
    "UPDATE activity SET detail = 'changed'",
    'DELETE FROM activity',
    "INSERT INTO activity (at, account_id, kind, detail) VALUES (2, NULL, 'error', 'added') RETURNING id",
  ]) {
    expect(() => readable.prepare(sql), sql).toThrow(/read-only connection cannot prepare a write/);
  }
  expect(db.prepare('SELECT detail FROM activity').pluck().all()).toEqual(['kept']);
});

it('types its statements without run()', () => {
  expectTypeOf(readable.prepare('SELECT detail FROM activity')).not.toHaveProperty('run');
});
