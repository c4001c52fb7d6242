import { describe, expect, it } from 'vitest';
import { createAccountRepository } from '../accounts/account-repository';
import { testAccount } from '../accounts/accounts.test-support';
import { engineCredentials } from '../mail/engine/engine-credentials';
import type { PasswordAccounts } from '../auth/password-sign-in';
import type { TokenManager } from '../auth/token-manager';
import { openDatabase } from '../store/database';
import { createActivityLog } from './activity-log';
import { createSecurityEvents } from './security-events';

const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');

function setUp() {
  const db = openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  const alice = accounts.upsertOnSignIn(testAccount, Date.now()).id;
  const bob = accounts.upsertOnSignIn(
    { ...testAccount, email: 'bob@elsewhere.test', imap: { host: 'imap.elsewhere.test', port: 993, security: 'tls' } },
    Date.now(),
  ).id;
  return { activity, alice, bob, events: createSecurityEvents(activity, () => accounts.list()) };
}

describe('security events in the activity log', () => {
  it('records a trusted certificate for every account on that server, with its fingerprint', () => {
    const { activity, alice, bob, events } = setUp();
    events.certificateTrusted({ host: testAccount.imap.host, port: testAccount.imap.port }, fingerprint);

    const [entry] = activity.list(alice, 5);
    expect(entry).toMatchObject({ kind: 'certificate-trusted' });
    expect(entry!.detail).toBe(
      `Trusted the certificate of ${testAccount.imap.host}:${testAccount.imap.port} by exception (SHA-256 fingerprint ${fingerprint}).`,
    );
    expect(activity.list(bob, 5)).toEqual([]);

    // A server no account uses yet (setup) is logged without an account.
    events.certificateTrusted({ host: 'mail.new.test', port: 993 }, fingerprint);
    expect(activity.listRecent(1)[0]).toMatchObject({ accountId: null, kind: 'certificate-trusted' });
  });

  it('records each login the IMAP server refused, never the refused token', async () => {
    const { activity, alice, events } = setUp();
    const refusedToken = 'ya29.a0AfH6SMBx3-refused-token-value-1234567890';
    const invalidated: string[] = [];
    const credentials = engineCredentials(
      { invalidateAccessToken: (_: string, token: string) => invalidated.push(token) } as unknown as TokenManager,
      { withPassword: async () => undefined } as unknown as PasswordAccounts,
      events,
    );
    await credentials.invalidateAccessToken({ accountId: alice, refused: refusedToken });
    await credentials.passwordRefused({ accountId: alice });

    expect(invalidated).toEqual([refusedToken]);
    const entries = activity.list(alice, 5);
    expect(entries.map((entry) => entry.kind)).toEqual(['login-failed', 'login-failed']);
    expect(entries[0]!.detail).toBe('The mail server (IMAP) refused the app password.');
    expect(entries[1]!.detail).toContain('refused the sign-in');
    expect(JSON.stringify(activity.listRecent(10))).not.toContain('refused-token');
  });
});
