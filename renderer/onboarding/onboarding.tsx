import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ProviderSummary } from '../../shared/models';
import { serverHostOf } from '../../shared/server-provider';
import { AddressDiscovery, type Discovered } from './address-discovery';
import { OtherServer } from './other-server';
import { useSignIn } from './use-sign-in';
import { WaitingForBrowser } from './waiting-for-browser';

export function Onboarding({
  client,
  onSignedIn,
  onCancel,
}: {
  client: Client;
  onSignedIn: (accountId: string) => void;
  /** Given when there is mail to go back to: adding another account can be called off. */
  onCancel?: () => void;
}) {
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const { state, signIn, signInToServer, cancel, openBrowserAgain } = useSignIn(client, onSignedIn);
  // What the address said; `seq` starts the "Other mail server" form afresh with what was found.
  const [discovered, setDiscovered] = useState<(Discovered & { seq: number }) | null>(null);
  const suggested = discovered?.result.kind === 'provider' ? discovered.result.providerId : null;

  useEffect(() => {
    if (suggested) document.getElementById(`sign-in-${suggested}`)?.focus();
  }, [suggested, discovered?.seq]);

  useEffect(() => {
    client.call('providers.list', {}).then(setProviders, () => setProviders([]));
  }, [client]);

  const labelOf = (id: string) => providers.find((provider) => provider.id === id)?.label ?? serverHostOf(id) ?? id;

  if (state.status === 'waiting') {
    return (
      <WaitingForBrowser
        providerLabel={labelOf(state.providerId)}
        finishing={state.step === 'finishing'}
        onCancel={cancel}
        onOpenAgain={openBrowserAgain}
      />
    );
  }

  return (
    <div className="onboarding">
      {onCancel && (
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel and go back to mail
        </button>
      )}
      <h1>Add your mail account</h1>
      <p className="lead">
        Harbor Mail signs in on your provider's own page, in your browser: your password never reaches the app. Signing
        in lets Harbor Mail read and send your mail, nothing else. You can take that access back at any time with "Sign
        out and revoke access", which also removes the account's data from this computer.
      </p>

      {state.status === 'failed' && (
        <p className="error" role="alert">
          <strong>Sign-in with {labelOf(state.providerId)} did not complete.</strong> {state.message}
        </p>
      )}

      <AddressDiscovery
        client={client}
        providers={providers}
        onDiscovered={(found) => setDiscovered((last) => ({ ...found, seq: (last?.seq ?? 0) + 1 }))}
      />

      <section aria-labelledby="providers-heading">
        <h2 id="providers-heading">Sign in with your provider</h2>
        <ul className="providers">
          {providers.map((provider) => (
            <li key={provider.id} className={provider.id === suggested ? 'provider suggested' : 'provider'}>
              <span className="provider-name">{provider.label}</span>
              <button
                type="button"
                id={`sign-in-${provider.id}`}
                aria-describedby={provider.id === suggested ? 'discovery-result' : undefined}
                onClick={() => void signIn(provider.id, provider.id === suggested ? discovered?.email : undefined)}
              >
                Sign in with {provider.label}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <OtherServer
        key={discovered && discovered.result.kind !== 'provider' ? discovered.seq : 0}
        client={client}
        onSignIn={(input) => void signInToServer(input)}
        onSignedIn={onSignedIn}
        prefill={
          discovered && discovered.result.kind !== 'provider'
            ? {
                email: discovered.email,
                ...(discovered.result.kind === 'servers'
                  ? { imap: discovered.result.imap, smtp: discovered.result.smtp }
                  : {}),
              }
            : undefined
        }
      />
    </div>
  );
}
