import { useState, type FormEvent } from 'react';
import type { Client, IpcError } from '../../shared/ipc/client';
import { APP_PASSWORD_MAX_LENGTH, type ServerProbeInput, type TransportSecurity } from '../../shared/models';
import { CertificateException } from './certificate-exception';

/**
 * The fallback for a server without OAuth sign-in: an app password, checked by logging in to the
 * server over TLS, then kept in the system keychain. Shown by itself when the check found no
 * sign-in service; behind "Use an app password instead" when it found one. It asks for the
 * outgoing (SMTP) server too, which often has a name of its own (smtp.mail.me.com beside
 * imap.mail.me.com): what an autoconfig file named, else the IMAP host on port 465 with TLS.
 */
export function AppPasswordSignIn({
  client,
  email,
  server,
  oauthOffered,
  smtp,
  onSignedIn,
}: {
  client: Client;
  email: string;
  server: ServerProbeInput;
  oauthOffered: boolean;
  smtp?: { host: string; port: number; security: TransportSecurity };
  onSignedIn: (accountId: string) => void;
}) {
  const [open, setOpen] = useState(!oauthOffered);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [certificateRefused, setCertificateRefused] = useState(false);
  const [smtpHost, setSmtpHost] = useState(smtp?.host ?? server.host);
  const [smtpPort, setSmtpPort] = useState(String(smtp?.port ?? 465));
  const [smtpSecurity, setSmtpSecurity] = useState<TransportSecurity>(smtp?.security ?? 'tls');

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          Use an app password instead
        </button>
      </div>
    );
  }

  const signIn = async () => {
    setBusy(true);
    setError(null);
    setCertificateRefused(false);
    try {
      const { accountId } = await client.call('auth.signInWithPassword', {
        email: email.trim(),
        password,
        imap: { host: server.host, port: server.port, security: server.security ?? 'tls' },
        smtp: { host: smtpHost.trim(), port: Number(smtpPort), security: smtpSecurity },
      });
      setPassword('');
      onSignedIn(accountId);
    } catch (reason) {
      // Messages from the main side never contain the password.
      const { code, message } = reason as IpcError;
      setError(code === 'SIGN_IN_CANCELLED' ? null : message);
      setCertificateRefused(code === 'TLS_FAILED');
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn();
  };

  return (
    <form
      className="app-password"
      aria-labelledby="app-password-heading"
      aria-describedby="app-password-explained"
      onSubmit={submit}
    >
      <h3 id="app-password-heading">Sign in with an app password</h3>
      <p id="app-password-explained">
        {oauthOffered ? '' : `${server.host} does not offer a sign-in page. `}
        An app password is a separate password your mail provider creates for one app, usually in its security settings;
        it is not your account password. Harbor Mail checks it with {server.host} over an encrypted connection and keeps
        it in your system keychain, never in its own files. Signing out removes it from this computer; delete it at your
        provider to stop it working.
      </p>
      {email.trim() === '' && <p id="app-password-hint">Enter your email address above first.</p>}
      <label>
        App password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          maxLength={APP_PASSWORD_MAX_LENGTH}
          autoComplete="off"
          spellCheck={false}
          required
        />
      </label>
      <fieldset className="smtp-server">
        <legend>Outgoing mail</legend>
        <label>
          SMTP server
          <input
            value={smtpHost}
            onChange={(e) => setSmtpHost(e.target.value)}
            placeholder="smtp.example.com"
            required
          />
        </label>
        <label>
          SMTP port
          <input
            value={smtpPort}
            onChange={(e) => setSmtpPort(e.target.value)}
            inputMode="numeric"
            pattern="[0-9]{1,5}"
            required
          />
        </label>
        <label>
          SMTP security
          <select value={smtpSecurity} onChange={(e) => setSmtpSecurity(e.target.value as TransportSecurity)}>
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS (required)</option>
          </select>
        </label>
      </fieldset>
      {error && <p role="alert">{error}</p>}
      {certificateRefused && (
        <CertificateException
          client={client}
          server={{ host: server.host, port: server.port, security: server.security ?? 'tls' }}
          onTrusted={() => void signIn()}
          onDeclined={() => setCertificateRefused(false)}
        />
      )}
      <button
        type="submit"
        disabled={busy || email.trim() === '' || password === ''}
        aria-describedby={email.trim() === '' ? 'app-password-hint' : undefined}
      >
        {busy ? 'Checking the app password…' : 'Sign in with app password'}
      </button>
      {busy && (
        <button type="button" className="secondary" onClick={() => void client.call('servers.cancelCheck', {})}>
          Cancel
        </button>
      )}
    </form>
  );
}
