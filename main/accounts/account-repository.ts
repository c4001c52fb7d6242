import type { TransportSecurity } from '../../shared/models';
import { writeTransaction, type Db } from '../store/database';
import { eraseDeletedText } from '../store/erase-deleted-text';

export type AccountStatus = 'active' | 'needs-sign-in';

/** 'oauth': a refresh token in the keychain; 'password': an app password in the keychain, no tokens. */
export type AuthKind = 'oauth' | 'password';

export interface ServerEndpoint {
  host: string;
  port: number;
  security: TransportSecurity;
}

export interface Account {
  /** `${providerId}:${email}`, e.g. 'sandbox:alice@harbor.test'. */
  id: string;
  providerId: string;
  email: string;
  displayName: string | null;
  issuer: string;
  clientId: string;
  scopes: string[];
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  createdAt: number;
  status: AccountStatus;
  /** Why the account needs a new sign-in, in plain words; null while active. */
  statusReason: string | null;
  lastRefreshAt: number | null;
  accessExpiresAt: number | null;
  authKind: AuthKind;
}

/** What a completed sign-in knows about the account (authKind defaults to 'oauth'). */
export type SignedInAccount = Pick<
  Account,
  'providerId' | 'email' | 'displayName' | 'issuer' | 'clientId' | 'scopes' | 'imap' | 'smtp'
> & { authKind?: AuthKind };

export interface AccountRepository {
  /** Creates the account, or updates its details on a new sign-in (its status is the token manager's). */
  upsertOnSignIn(account: SignedInAccount, at: number): Account;
  get(id: string): Account | null;
  list(): Account[];
  setStatus(id: string, status: AccountStatus, reason: string | null): void;
  recordAccessExpiry(id: string, accessExpiresAt: number): void;
  recordRefresh(id: string, refreshedAt: number, accessExpiresAt: number): void;
  /**
   * Removes the account with everything stored locally for it, leaving none of its text in the
   * store's files; false when it did not exist.
   */
  deleteWithLocalData(id: string): boolean;
}

export function accountIdFor(providerId: string, email: string): string {
  return `${providerId}:${email.toLowerCase()}`;
}

interface AccountRow {
  id: string;
  provider_id: string;
  email: string;
  display_name: string | null;
  issuer: string;
  client_id: string;
  scopes: string;
  imap_host: string;
  imap_port: number;
  imap_security: TransportSecurity;
  smtp_host: string;
  smtp_port: number;
  smtp_security: TransportSecurity;
  created_at: number;
  status: AccountStatus;
  status_reason: string | null;
  last_refresh_at: number | null;
  access_expires_at: number | null;
  auth_kind: AuthKind;
}

function fromRow(row: AccountRow): Account {
  return {
    id: row.id,
    providerId: row.provider_id,
    email: row.email,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: row.scopes.split(' ').filter(Boolean),
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security },
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security },
    createdAt: row.created_at,
    status: row.status,
    statusReason: row.status_reason,
    lastRefreshAt: row.last_refresh_at,
    accessExpiresAt: row.access_expires_at,
    authKind: row.auth_kind,
  };
}

export function createAccountRepository(db: Db): AccountRepository {
  const upsert = db.prepare(`
    INSERT INTO accounts (id, provider_id, email, display_name, issuer, client_id, scopes,
      imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, created_at, auth_kind)
    VALUES (@id, @providerId, @email, @displayName, @issuer, @clientId, @scopes,
      @imapHost, @imapPort, @imapSecurity, @smtpHost, @smtpPort, @smtpSecurity, @at, @authKind)
    ON CONFLICT (id) DO UPDATE SET
      provider_id = excluded.provider_id, email = excluded.email, display_name = excluded.display_name,
      issuer = excluded.issuer, client_id = excluded.client_id, scopes = excluded.scopes,
      imap_host = excluded.imap_host, imap_port = excluded.imap_port, imap_security = excluded.imap_security,
      smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security,
      auth_kind = excluded.auth_kind
  `);
  const selectOne = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const selectAll = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY created_at, id');
  const updateStatus = db.prepare('UPDATE accounts SET status = ?, status_reason = ? WHERE id = ?');
  const updateExpiry = db.prepare('UPDATE accounts SET access_expires_at = ? WHERE id = ?');
  const updateRefresh = db.prepare('UPDATE accounts SET last_refresh_at = ?, access_expires_at = ? WHERE id = ?');
  const deleteActivity = db.prepare('DELETE FROM activity WHERE account_id = ?');
  const deleteAccount = db.prepare('DELETE FROM accounts WHERE id = ?');
  // Tables added by later migrations (mailboxes, messages, ...) reference accounts with
  // ON DELETE CASCADE; the activity log has no foreign key, so its entries go explicitly.
  const deleteAll = writeTransaction(db, (id: string) => {
    deleteActivity.run(id);
    return deleteAccount.run(id).changes > 0;
  });

  const get = (id: string): Account | null => {
    const row = selectOne.get(id);
    return row ? fromRow(row) : null;
  };

  return {
    upsertOnSignIn(account, at) {
      const id = accountIdFor(account.providerId, account.email);
      upsert.run({
        id,
        providerId: account.providerId,
        email: account.email,
        displayName: account.displayName,
        issuer: account.issuer,
        clientId: account.clientId,
        scopes: account.scopes.join(' '),
        imapHost: account.imap.host,
        imapPort: account.imap.port,
        imapSecurity: account.imap.security,
        smtpHost: account.smtp.host,
        smtpPort: account.smtp.port,
        smtpSecurity: account.smtp.security,
        at,
        authKind: account.authKind ?? 'oauth',
      });
      // Its own address is the account's first identity; a later sign-in keeps the name the person chose.
      db.prepare(
        `INSERT INTO identities (account_id, address, name, is_primary, created_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (account_id, address) DO UPDATE SET is_primary = 1`,
      ).run(id, account.email, account.displayName ?? '', at);
      return get(id) as Account;
    },
    get,
    list: () => selectAll.all().map(fromRow),
    setStatus(id, status, reason) {
      updateStatus.run(status, reason, id);
    },
    recordAccessExpiry(id, accessExpiresAt) {
      updateExpiry.run(accessExpiresAt, id);
    },
    recordRefresh(id, refreshedAt, accessExpiresAt) {
      updateRefresh.run(refreshedAt, accessExpiresAt, id);
    },
    deleteWithLocalData(id) {
      if (!deleteAll(id)) return false;
      eraseDeletedText(db);
      return true;
    },
  };
}
