import { useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ServerCertificate } from '../../shared/mail-models';
import { describeRefusedCertificate } from './sync-status-text';

/**
 * A certificate a mail server connection refused, with what the user needs to decide, and "Trust
 * this certificate" (and "Don't trust it" where the user can turn back).
 */
export function RefusedCertificate({
  client,
  certificate,
  onTrusted,
  trust: pin = ({ host, port, fingerprint256 }) => client.call('tls.trustCertificate', { host, port, fingerprint256 }),
  onDeclined,
}: {
  client: Client;
  certificate: ServerCertificate;
  /** After the certificate is pinned: what was waiting for it goes again. */
  onTrusted?: () => void;
  /** Pins it; by default as the certificate of a signed-in account's connection. */
  trust?: (certificate: ServerCertificate) => Promise<unknown>;
  onDeclined?: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const trust = () => {
    setError(null);
    setBusy(true);
    pin(certificate)
      .then(() => onTrusted?.())
      .catch((reason: Error) => setError(reason.message))
      .finally(() => setBusy(false));
  };
  return (
    <div className="refused-certificate">
      {describeRefusedCertificate(certificate).map((line) => (
        <p key={line}>{line}</p>
      ))}
      <button type="button" className="secondary small" disabled={busy} onClick={trust}>
        Trust this certificate
      </button>
      {onDeclined && (
        <button type="button" className="secondary small" disabled={busy} onClick={onDeclined}>
          Don’t trust it
        </button>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}
