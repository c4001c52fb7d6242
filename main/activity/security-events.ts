import type { Account } from '../accounts/account-repository';
import type { ActivityLog } from './activity-log';

// Entries about the account's security that happen away from sign-in and sign-out: a certificate
// the person chose to trust, a login the mail server refused. They name servers and fingerprints,
// never a token, a password or anyone else's address.

export interface SecurityEvents {
  /** A certificate pinned by the person: logged for every account that uses that server (none during setup). */
  certificateTrusted(server: { host: string; port: number }, fingerprint256: string): void;
  /** The IMAP server refused a login: with an access token (a fresh one is tried) or the app password. */
  loginRefused(accountId: string, credential: 'token' | 'password'): void;
}

const usesServer = (account: Account, { host, port }: { host: string; port: number }) =>
  [account.imap, account.smtp].some((endpoint) => endpoint.host === host && endpoint.port === port);

export function createSecurityEvents(activity: ActivityLog, accounts: () => Account[]): SecurityEvents {
  return {
    certificateTrusted(server, fingerprint256) {
      const detail = `Trusted the certificate of ${server.host}:${server.port} by exception (SHA-256 fingerprint ${fingerprint256}).`;
      const users = accounts().filter((account) => usesServer(account, server));
      if (users.length === 0) activity.record(null, 'certificate-trusted', detail);
      for (const account of users) activity.record(account.id, 'certificate-trusted', detail);
    },
    loginRefused(accountId, credential) {
      activity.record(
        accountId,
        'login-failed',
        credential === 'token'
          ? 'The mail server (IMAP) refused the sign-in; Harbor Mail asks for a new access token and tries again.'
          : 'The mail server (IMAP) refused the app password.',
      );
    },
  };
}
