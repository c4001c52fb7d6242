import { useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ServerProbeInput, ServerSignInInput, TransportSecurity } from '../../shared/models';
import { ProbeReport } from './probe-report';
import { useServerProbe } from './use-server-probe';

/**
 * Checks any IMAP server: verified TLS, what it offers, and where it sends clients to sign in;
 * when it names a sign-in service, signs in there with no client ID configured in advance.
 */
export function OtherServer({ client, onSignIn }: { client: Client; onSignIn: (input: ServerSignInInput) => void }) {
  const { state, probe } = useServerProbe(client);
  const [email, setEmail] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('993');
  const [security, setSecurity] = useState<TransportSecurity>('tls');
  const [checked, setChecked] = useState<ServerProbeInput | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { host: host.trim(), port: Number(port), security };
    setChecked(input);
    void probe(email.trim() ? { ...input, email: email.trim() } : input);
  };

  const canSignIn = state.status === 'done' && state.result.oauth !== null && checked !== null;

  return (
    <section aria-labelledby="other-heading">
      <h2 id="other-heading">Other mail server</h2>
      <form className="server-form" onSubmit={submit}>
        <label>
          Email address
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="you@example.com"
            autoComplete="email"
          />
        </label>
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
        <button type="submit" disabled={state.status === 'running'}>
          Check server
        </button>
      </form>
      <ProbeReport state={state} />
      {canSignIn && (
        <div className="actions">
          {email.trim() === '' && <p id="server-sign-in-hint">Enter your email address above to sign in.</p>}
          <button
            type="button"
            disabled={email.trim() === ''}
            aria-describedby={email.trim() === '' ? 'server-sign-in-hint' : undefined}
            onClick={() => onSignIn({ email: email.trim(), imap: checked })}
          >
            Sign in to {checked.host}
          </button>
        </div>
      )}
    </section>
  );
}
