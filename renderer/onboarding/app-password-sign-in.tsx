import { useState, type FormEvent } from 'react';
import type { Client, IpcError } from '../../shared/ipc/client';
import { APP_PASSWORD_MAX_LENGTH, type ServerProbeInput } from '../../shared/models';
import { CertificateException } from './certificate-exception';

/**
 * The fallback for a server without OAuth sign-in: an app password, checked by logging in to the
 * server over TLS, then kept in the system keychain. Shown by itself when the check found no
 * sign-in service; behind "Use an app password instead" when it found one.
 */
export function AppPasswordSignIn({
  client,
  email,
  server,
  oauthOffered,
  onSignedIn,
}: {
  client: Client;
  email: string;
  server: ServerProbeInput;
  oauthOffered: boolean;
  onSignedIn: (accountId: string) => void;
}) {
  const [open, setOpen] = useState(!oauthOffered);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [certificateRefused, setCertificateRefused] = useState(false);

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
