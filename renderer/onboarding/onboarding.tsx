import { useEffect, useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ProviderSummary, TransportSecurity } from '../../shared/models';
import { ProbeReport } from './probe-report';
import { useServerProbe } from './use-server-probe';

export function Onboarding({ client }: { client: Client }) {
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const { state, probe } = useServerProbe(client);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('993');
  const [security, setSecurity] = useState<TransportSecurity>('tls');
  const busy = state.status === 'running';

  useEffect(() => {
    client.call('providers.list', {}).then(setProviders, () => setProviders([]));
  }, [client]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void probe({ host, port: Number(port), security });
  };

  return (
    <div className="onboarding">
      <h1>Add your mail account</h1>
      <p className="lead">
        Harbor Mail signs in through your provider's own page in your browser. Your password never reaches the app, and
        signing out takes the app's access away at the provider.
      </p>

      {providers.length > 0 && (
        <section aria-labelledby="providers-heading">
          <h2 id="providers-heading">Providers</h2>
          <ul className="providers">
            {providers.map((provider) => (
              <li key={provider.id} className="provider">
                <span className="provider-name">{provider.label}</span>
                {provider.imap && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => provider.imap && void probe(provider.imap)}
                    aria-label={`Check the ${provider.label} mail server`}
                  >
                    Check connection
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="other-heading">
        <h2 id="other-heading">Other mail server</h2>
        <form className="server-form" onSubmit={submit}>
          <label>
            IMAP server
            <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="imap.example.com" required />
          </label>
          <label>
            Port
            <input
              value={port}
              onChange={(e) => setPort(e.target.value)}
              inputMode="numeric"
              pattern="[0-9]{1,5}"
              required
            />
          </label>
          <label>
            Security
            <select value={security} onChange={(e) => setSecurity(e.target.value as TransportSecurity)}>
              <option value="tls">TLS</option>
              <option value="starttls">STARTTLS (required)</option>
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Check server
          </button>
        </form>
      </section>

      <ProbeReport state={state} />
    </div>
  );
}
