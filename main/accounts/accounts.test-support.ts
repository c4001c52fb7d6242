import type { Db } from '../store/database';
import { accountIdFor, type SignedInAccount } from './account-repository';

/** The signed-in account unit tests start from: a sandbox user on loopback servers. */
export const testAccount: SignedInAccount = {
  providerId: 'sandbox',
  email: 'alice@harbor.test',
  displayName: 'Alice',
  issuer: 'https://127.0.0.1:4444',
  clientId: 'harbor-desktop',
  scopes: ['openid', 'email', 'offline_access'],
  imap: { host: '127.0.0.1', port: 9993, security: 'tls' },
  smtp: { host: '127.0.0.1', port: 9465, security: 'tls' },
};

/**
 * The account row as the first schema had it, for tests of a store an earlier version left: the
 * repository of today also writes tables added since (identities, migration 12).
 */
export function insertLegacyAccount(db: Db, account: SignedInAccount = testAccount): string {
  const id = accountIdFor(account.providerId, account.email);
  db.prepare(
    `INSERT INTO accounts (id, provider_id, email, display_name, issuer, client_id, scopes, imap_host, imap_port,
       imap_security, smtp_host, smtp_port, smtp_security, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(
    id,
    account.providerId,
    account.email,
    account.displayName,
    account.issuer,
    account.clientId,
    account.scopes.join(' '),
    account.imap.host,
    account.imap.port,
    account.imap.security,
    account.smtp.host,
    account.smtp.port,
    account.smtp.security,
  );
  return id;
}
