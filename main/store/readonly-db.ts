import type { Db } from './database';

/** A prepared statement that reads: no run(). */
export interface ReadStatement<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  pluck(toggleState?: boolean): ReadStatement<P, R>;
}

/**
 * A connection seen as read-only: it prepares only statements SQLite reports as leaving the store
 * unchanged, and its statements have no run(). Code given one cannot write the tables it reads,
 * by type and at run time.
 */
export interface ReadonlyDb {
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): ReadStatement<P, R>;
}

export function readonlyDb(db: Db): ReadonlyDb {
  return {
    prepare<P extends unknown[], R>(sql: string): ReadStatement<P, R> {
      const statement = db.prepare<P, R>(sql);
      if (!statement.readonly) throw new Error(`A read-only connection cannot prepare a write: ${sql}`);
      return statement;
    },
  };
}
