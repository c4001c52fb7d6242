import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary, ActivityEntry, UnsentChoice, UnsentMail } from '../../shared/models';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { LeaveConsequences, type Leave } from './leave-consequences';
import { UnsentMailDialog } from './unsent-mail-dialog';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const when = (at: number | null) => (at ? timeFormat.format(at) : 'not yet');

export function SecurityPanel({
  client,
  account,
  providerLabel,
  onSignInAgain,
  onSignedOut,
}: {
  client: Client;
  account: AccountSummary;
  providerLabel: string;
  onSignInAgain: () => void;
  onSignedOut: (notice: string | null) => void;
}) {
  const [activity, setActivity] = useState<ActivityEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signOutFailed, setSignOutFailed] = useState(false);
  const [asking, setAsking] = useState<{ unsent: UnsentMail; leave: Leave } | null>(null);
  const [confirming, setConfirming] = useState<Leave | null>(null);
  const isPassword = account.authKind === 'password';

  useEffect(() => {
    // Reloaded whenever an entry for this account is recorded; only the newest load's answer is shown.
    let latest = 0;
    const load = () => {
      const request = ++latest;
      const show = (entries: ActivityEntry[]) => {
        if (request === latest) setActivity(entries);
      };
      client.call('activity.list', { accountId: account.id }).then(show, () => show([]));
    };
    load();
    const unsubscribe = client.on('activity.recorded', ({ accountId }) => {
      if (accountId === account.id) load();
    });
    return () => {
      latest = -1;
      unsubscribe();
    };
  }, [client, account]);

  /** Mail that exists only here is never left behind unasked: the person chooses first. */
  const start = async (leave: Leave) => {
    setBusy(true);
    setError(null);
    try {
      const unsent = await client.call('accounts.unsentMail', { accountId: account.id });
      if (unsent.outbox + unsent.drafts === 0) return await leaves[leave](undefined);
      setAsking({ unsent, leave });
    } catch (reason) {
      setError((reason as Error).message);
    }
    setBusy(false);
  };
  const choose = (choice: UnsentChoice) => {
    const leave = asking?.leave;
    setAsking(null);
    if (!leave) return;
    setBusy(true);
    setError(null);
    void leaves[leave](choice);
  };

  const signOut = async (unsent: UnsentChoice | undefined) => {
    try {
      const result = await client.call('auth.signOut', { accountId: account.id, unsent });
      const where = result.manageAccessUrl ?? `your ${providerLabel} account settings`;
      onSignedOut(
        result.outcome === 'unsupported'
          ? `${providerLabel} does not let apps revoke their own access. The account is removed from this computer; to take Harbor Mail's access away completely, visit ${where}.`
          : result.outcome === 'no-token' && isPassword
            ? `Signed out. The app password was removed from the keychain and the account from this computer. There was nothing for Harbor Mail to revoke: the app password itself works until you delete it at ${where}.`
            : result.outcome === 'no-token'
              ? `Signed out. The account was removed from this computer. No saved sign-in was left to revoke; to be sure access is gone, check ${where}.`
              : null,
      );
    } catch (reason) {
      setError((reason as Error).message);
      setSignOutFailed(true);
      setBusy(false);
    }
  };

  // When revocation keeps failing (provider down, gone, or refusing the app), the person can still
  // remove the account here; access at the provider then has to be removed there.
  const removeAnyway = async (unsent: UnsentChoice | undefined) => {
    try {
      const result = await client.call('auth.removeAccount', { accountId: account.id, unsent });
      const where = result.manageAccessUrl ?? `your ${providerLabel} account settings`;
      onSignedOut(
        isPassword
          ? `The account was removed from this computer. The app password still works until you delete it at ${where}.`
          : `The account was removed from this computer, but Harbor Mail's access was not revoked. To take it away, remove Harbor Mail's access at ${where}.`,
      );
    } catch (reason) {
      setError((reason as Error).message);
      setBusy(false);
    }
  };
  const leaves: Record<Leave, (unsent: UnsentChoice | undefined) => Promise<void>> = { signOut, removeAnyway };
  const leaveLabels: Record<Leave, string> = {
    signOut: isPassword ? 'Sign out and remove app password' : 'Sign out and revoke access',
    removeAnyway: 'Remove from this computer anyway',
  };

  return (
    <section className="security-panel" aria-labelledby="security-heading">
      <h2 id="security-heading">Security</h2>
      <dl>
        <dt>Provider</dt>
        <dd>{providerLabel}</dd>
        <dt>Address</dt>
        <dd>{account.email}</dd>
        {isPassword ? (
          <>
            <dt>Signs in with</dt>
            <dd>An app password, kept in the system keychain</dd>
          </>
        ) : (
          <>
            <dt>Access granted</dt>
            <dd>{account.scopes.join(', ') || 'none'}</dd>
            <dt>Access token expires</dt>
            <dd>{when(account.accessExpiresAt)}</dd>
            <dt>Last refresh</dt>
            <dd>{when(account.lastRefreshAt)}</dd>
          </>
        )}
      </dl>
      {error && <p role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onSignInAgain} disabled={busy}>
          Sign in again
        </button>
        <button type="button" className="danger" onClick={() => setConfirming('signOut')} disabled={busy}>
          {leaveLabels.signOut}
        </button>
        {signOutFailed && (
          <button type="button" className="danger" onClick={() => setConfirming('removeAnyway')} disabled={busy}>
            {leaveLabels.removeAnyway}
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`${confirming === 'signOut' ? 'Sign out of' : 'Remove'} ${account.email}?`}
          actions={[
            {
              label: leaveLabels[confirming],
              tone: 'danger',
              onSelect: () => {
                setConfirming(null);
                void start(confirming);
              },
            },
          ]}
          onCancel={() => setConfirming(null)}
        >
          <LeaveConsequences leave={confirming} isPassword={isPassword} providerLabel={providerLabel} />
        </ConfirmDialog>
      )}
      {asking && (
        <UnsentMailDialog
          email={account.email}
          unsent={asking.unsent}
          leaving={asking.leave === 'signOut' ? 'sign out' : 'remove'}
          onChoose={choose}
          onCancel={() => setAsking(null)}
        />
      )}
      <h3>Activity</h3>
      <ol className="activity" aria-label="Activity">
        {activity.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <time>{timeFormat.format(entry.at)}</time> {entry.detail}
          </li>
        ))}
      </ol>
    </section>
  );
}
