import { useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { DiscoveryResult, ProviderSummary } from '../../shared/models';
import { EmailField } from './email-field';

export interface Discovered {
  email: string;
  result: DiscoveryResult;
}

type State =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; discovered: Discovered }
  | { status: 'failed'; message: string };

function describe({ email, result }: Discovered, providers: ProviderSummary[]): string {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  switch (result.kind) {
    case 'provider': {
      const label = providers.find((provider) => provider.id === result.providerId)?.label ?? result.providerId;
      return `Mail for ${domain} is handled by ${label}: continue with "Sign in with ${label}" below.`;
    }
    case 'servers':
      if (result.source === 'known')
        return `${domain} signs in third-party apps with an app-specific password: create one in your account's security settings. Its servers are filled in under "Other mail server" (IMAP ${result.imap.host}, SMTP ${result.smtp?.host ?? result.imap.host}).`;
      return `Found the settings for ${domain}: IMAP server ${result.imap.host}, port ${result.imap.port}. They are filled in under "Other mail server": check the server, then sign in.`;
    case 'manual':
      return `Harbor Mail could not find the settings for ${domain}. Enter your IMAP server under "Other mail server".`;
  }
}

/** The address first: finds the provider or the servers from it, then hands over to the right sign-in. */
export function AddressDiscovery({
  client,
  providers,
  onDiscovered,
}: {
  client: Client;
  providers: ProviderSummary[];
  onDiscovered: (discovered: Discovered) => void;
}) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    setState({ status: 'running' });
    try {
      const discovered = { email: address, result: await client.call('setup.discover', { email: address }) };
      setState({ status: 'done', discovered });
      onDiscovered(discovered);
    } catch (error) {
      setState({ status: 'failed', message: (error as Error).message });
    }
  };

  return (
    <section aria-labelledby="address-heading">
      <h2 id="address-heading">Start with your email address</h2>
      <form className="address-form" onSubmit={(event) => void submit(event)}>
        <EmailField value={email} onChange={setEmail} required />
        <button type="submit" disabled={state.status === 'running'}>
          Continue
        </button>
      </form>
      {state.status === 'running' && (
        <p role="status" aria-label="Looking up your address">
          Looking up where your mail is…
        </p>
      )}
      {state.status === 'done' && (
        <p id="discovery-result" role="status" aria-label="What your address says">
          {describe(state.discovered, providers)}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
