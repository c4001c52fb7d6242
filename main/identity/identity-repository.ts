import { AppError } from '../../shared/errors';
import type { Identity, Signature } from '../../shared/identity-models';
import type { Db } from '../store/database';
import { readonlyDb, type ReadonlyDb } from '../store/readonly-db';

interface IdentityRow {
  id: number;
  account_id: string;
  address: string;
  name: string;
  is_primary: 0 | 1;
  signature_format: Signature['format'];
  signature_text: string;
  signature_html: string;
}

const fromRow = (row: IdentityRow): Identity => ({
  id: row.id,
  accountId: row.account_id,
  address: row.address,
  name: row.name,
  primary: row.is_primary === 1,
  signature: { format: row.signature_format, text: row.signature_text, html: row.signature_html },
});

const identityGone = () => new AppError('NOT_FOUND', 'This address is no longer one you send from.');

export interface IdentityReader {
  /** Every account's identities: its own address first, then aliases in the order added. */
  list(accountId?: string): Identity[];
  get(id: number): Identity | null;
  /** The identity of the account with this address; the account's own when `address` is null. */
  find(accountId: string, address: string | null): Identity | null;
}

export interface IdentityRepository extends IdentityReader {
  update(id: number, changes: { name?: string; signature?: Signature }): Identity;
  addAlias(accountId: string, address: string, name: string, now: number): Identity;
  removeAlias(id: number): void;
}

export function createIdentityReader(db: ReadonlyDb): IdentityReader {
  const select = `SELECT * FROM identities`;
  const order = `ORDER BY is_primary DESC, created_at, id`;
  const reader: IdentityReader = {
    list(accountId) {
      const rows =
        accountId === undefined
          ? db.prepare<[], IdentityRow>(`${select} ${order}`).all()
          : db.prepare<[string], IdentityRow>(`${select} WHERE account_id = ? ${order}`).all(accountId);
      return rows.map(fromRow);
    },
    get(id) {
      const row = db.prepare<[number], IdentityRow>(`${select} WHERE id = ?`).get(id);
      return row ? fromRow(row) : null;
    },
    find(accountId, address) {
      const row =
        address === null
          ? db.prepare<[string], IdentityRow>(`${select} WHERE account_id = ? AND is_primary = 1`).get(accountId)
          : db
              .prepare<[string, string], IdentityRow>(`${select} WHERE account_id = ? AND address = ?`)
              .get(accountId, address);
      return row ? fromRow(row) : null;
    },
  };
  return reader;
}

/**
 * Identities in the store, written on the UI thread from the settings screen (sign-in adds an
 * account's own address, account-repository.ts); the engine reads them to build a message's From.
 */
export function createIdentityRepository(db: Db): IdentityRepository {
  const reader = createIdentityReader(readonlyDb(db));
  const existing = (id: number) => {
    const found = reader.get(id);
    if (!found) throw identityGone();
    return found;
  };
  return {
    ...reader,
    update(id, changes) {
      const current = existing(id);
      const name = changes.name ?? current.name;
      const signature = changes.signature ?? current.signature;
      db.prepare(
        `UPDATE identities SET name = ?, signature_format = ?, signature_text = ?, signature_html = ? WHERE id = ?`,
      ).run(name, signature.format, signature.text, signature.format === 'rich' ? signature.html : '', id);
      return existing(id);
    },
    addAlias(accountId, address, name, now) {
      if (reader.find(accountId, address)) {
        throw new AppError('INVALID_INPUT', `${address} is already one of this account's addresses.`);
      }
      const { lastInsertRowid } = db
        .prepare(`INSERT INTO identities (account_id, address, name, created_at) VALUES (?, ?, ?, ?)`)
        .run(accountId, address, name, now);
      return existing(Number(lastInsertRowid));
    },
    removeAlias(id) {
      if (existing(id).primary) {
        throw new AppError(
          'INVALID_INPUT',
          "The account's own address cannot be removed; sign out to remove the account.",
        );
      }
      db.prepare('DELETE FROM identities WHERE id = ?').run(id);
    },
  };
}
