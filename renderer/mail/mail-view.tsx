import { Plus, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary } from '../../shared/models';
import { SecurityPanel } from '../account/security-panel';
import { useSignIn } from '../onboarding/use-sign-in';
import { WaitingForBrowser } from '../onboarding/waiting-for-browser';
import { Avatar } from '../ui/avatar';
import { IconButton } from '../ui/icon-button';
import { MailPanes } from './mail-panes';
import { SkipLinks } from './skip-links';

export function MailView({
  client,
  accounts,
  selected,
  onSelect,
  onAddAccount,
  onSignedOut,
}: {
  client: Client;
  accounts: AccountSummary[];
  selected: AccountSummary;
  onSelect: (accountId: string) => void;
  onAddAccount: () => void;
  onSignedOut: (notice: string | null) => void;
}) {
  const { state, signInAgain: signInAgainTo, cancel, openBrowserAgain } = useSignIn(client, onSelect);
  // The main side decides how: the account's provider or server; an app-password account is told to add it again.
  const signInAgain = () => void signInAgainTo(selected);
  const [showAccount, setShowAccount] = useState(false);

  const accountPanel = showAccount && (
    <section id="account-panel" className="account-details" aria-label="Account and security">
      <SecurityPanel
        // A panel of its own per account: nothing one account's sign-out left busy carries over.
        key={selected.id}
        client={client}
        account={selected}
        providerLabel={selected.providerLabel}
        onSignInAgain={signInAgain}
        onSignedOut={onSignedOut}
      />
    </section>
  );

  return (
    <div className="mail-view">
      <SkipLinks />
      <nav className="accounts" aria-label="Accounts">
        <ul>
          {accounts.map((account) => (
            <li key={account.id}>
              <button
                type="button"
                className={account.id === selected.id ? 'account selected' : 'account'}
                aria-current={account.id === selected.id}
                title={account.email}
                onClick={() => onSelect(account.id)}
              >
                <Avatar person={{ name: account.displayName ?? '', address: account.email }} />
                <span className="account-email">{account.email}</span>
                {account.status === 'needs-sign-in' && <span className="badge"> sign in again</span>}
              </button>
            </li>
          ))}
        </ul>
        <IconButton label="Add account" icon={Plus} onClick={onAddAccount} />
        <IconButton
          label="Account and security"
          icon={ShieldCheck}
          className="account-panel-toggle"
          aria-expanded={showAccount}
          aria-controls="account-panel"
          onClick={() => setShowAccount((shown) => !shown)}
        />
      </nav>

      <main className="mail-main">
        {state.status === 'waiting' && (
          <WaitingForBrowser
            providerLabel={selected.providerLabel}
            finishing={state.step === 'finishing'}
            onCancel={cancel}
            onOpenAgain={openBrowserAgain}
          />
        )}
        {state.status === 'failed' && <p role="alert">{state.message}</p>}
        {selected.status === 'needs-sign-in' ? (
          <section className="needs-sign-in" role="alert" aria-label="Sign in again">
            <h2>Sign in again to {selected.email}</h2>
            <p>{selected.statusReason}</p>
            <p>Your drafts and unsent messages are kept.</p>
            <button type="button" onClick={signInAgain}>
              Sign in again
            </button>
          </section>
        ) : (
          <MailPanes client={client} accounts={accounts} account={selected} aside={accountPanel || null} />
        )}
        {selected.status === 'needs-sign-in' && accountPanel}
      </main>
    </div>
  );
}
