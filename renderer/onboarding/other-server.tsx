import { useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ServerProbeInput, ServerSignInInput, TransportSecurity } from '../../shared/models';
import { AppPasswordSignIn } from './app-password-sign-in';
import { CertificateException } from './certificate-exception';
import { ProbeReport } from './probe-report';
import { useServerProbe } from './use-server-probe';
import { EmailField } from './email-field';

type FoundServer = { host: string; port: number; security: TransportSecurity };

/** What discovery from the address found: the form starts from it, focused on the IMAP server. */
export interface ServerPrefill {
  email: string;
  imap?: FoundServer;
  smtp?: FoundServer | null;
}

/**
 * Checks any IMAP server: verified TLS, what it offers, and where it sends clients to sign in;
 * when it names a sign-in service, signs in there with no client ID configured in advance.
 */
export function OtherServer({
  client,
  onSignIn,
  prefill,
  onSignedIn,
}: {
  client: Client;
  onSignIn: (input: ServerSignInInput) => void;
  prefill?: ServerPrefill;
  /** After a sign-in with an app password (no browser step). */
  onSignedIn?: (accountId: string) => void;
}) {
  const { state, probe, cancel } = useServerProbe(client);
  const [email, setEmail] = useState(prefill?.email ?? '');
  const [host, setHost] = useState(prefill?.imap?.host ?? '');
  const [port, setPort] = useState(String(prefill?.imap?.port ?? 993));
  const [security, setSecurity] = useState<TransportSecurity>(prefill?.imap?.security ?? 'tls');
  const [checked, setChecked] = useState<ServerProbeInput | null>(null);
  const [declined, setDeclined] = useState(false);

  const check = (input: ServerProbeInput) => {
    setChecked(input);
    setDeclined(false);
    void probe(email.trim() ? { ...input, email: email.trim() } : input);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    check({ host: host.trim(), port: Number(port), security });
  };

  const certificateRefused = state.status === 'failed' && state.code === 'TLS_FAILED' && checked !== null && !declined;

  const canSignIn = state.status === 'done' && state.result.oauth !== null && checked !== null;

  return (
    <section aria-labelledby="other-heading">
      <h2 id="other-heading">Other mail server</h2>
      <form className="server-form" onSubmit={submit}>
        <EmailField value={email} onChange={setEmail} />
        <label>
          IMAP server
          <input
            value={host}
            onChange={(e) => setHost(e.target.value)}
            placeholder="imap.example.com"
            required
            autoFocus={prefill !== undefined}
          />
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
        {state.status === 'running' && (
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>
      <ProbeReport state={state} />
      {certificateRefused && (
        <CertificateException
          key={state.target}
          client={client}
          server={{ host: checked.host, port: checked.port, security: checked.security ?? 'tls' }}
          onTrusted={() => check(checked)}
          onDeclined={() => setDeclined(true)}
        />
      )}
      {canSignIn && (
        <div className="actions">
          {email.trim() === '' && <p id="server-sign-in-hint">Enter your email address above to sign in.</p>}
          <button
            type="button"
            disabled={email.trim() === ''}
            aria-describedby={email.trim() === '' ? 'server-sign-in-hint' : undefined}
            onClick={() =>
              onSignIn({
                email: email.trim(),
                imap: checked,
                // The SMTP server the autoconfig file named goes with the IMAP server it named.
                ...(prefill?.smtp && prefill.imap?.host === checked.host ? { smtp: prefill.smtp } : {}),
              })
            }
          >
            Sign in to {checked.host}
          </button>
        </div>
      )}
      {state.status === 'done' && checked !== null && onSignedIn && (
        <AppPasswordSignIn
          key={`${checked.host}:${checked.port}`}
          client={client}
          email={email}
          server={checked}
          oauthOffered={state.result.oauth !== null}
          smtp={prefill?.smtp && prefill.imap?.host === checked.host ? prefill.smtp : undefined}
          onSignedIn={onSignedIn}
        />
      )}
    </section>
  );
}
