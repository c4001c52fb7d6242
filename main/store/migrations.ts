/**
 * The schema, as an ordered list: migration N is `migrations[N - 1]` and `PRAGMA user_version`
 * holds the number of migrations applied. Append only; never edit one that has shipped.
 */
export const migrations: readonly string[] = [
  // 1: accounts and the activity log.
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    imap_host TEXT NOT NULL,
    imap_port INTEGER NOT NULL,
    imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls')),
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    smtp_security TEXT NOT NULL CHECK (smtp_security IN ('tls', 'starttls')),
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs-sign-in')),
    status_reason TEXT,
    last_refresh_at INTEGER,
    access_expires_at INTEGER
  ) STRICT;

  -- No foreign key to accounts: the entries recorded when an account is signed out must outlive
  -- its row. Deleting an account deletes its earlier entries explicitly (account-repository.ts).
  CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    account_id TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  ) STRICT;
  CREATE INDEX activity_by_account ON activity (account_id, id);
  `,
  // 2: how an account signs in: OAuth tokens, or an app password kept in the keychain.
  `
  ALTER TABLE accounts ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'oauth' CHECK (auth_kind IN ('oauth', 'password'));
  `,
];
