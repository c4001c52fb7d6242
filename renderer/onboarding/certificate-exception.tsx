import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ServerCertificate } from '../../shared/mail-models';
import type { TransportSecurity } from '../../shared/models';
import { RefusedCertificate } from '../mail/refused-certificate';

export interface RefusedServer {
  host: string;
  port: number;
  security: TransportSecurity;
}

type Look =
  { status: 'looking' } | { status: 'found'; certificate: ServerCertificate } | { status: 'failed'; message: string };

/**
 * After a server being set up refused its TLS certificate: the certificate it presents, as main
 * saw it, and the choice to trust it (pinned to its fingerprint) and go on, or not.
 */
export function CertificateException({
  client,
  server,
  onTrusted,
  onDeclined,
}: {
  client: Client;
  server: RefusedServer;
  /** The certificate is pinned: what failed can run again. */
  onTrusted: () => void;
  onDeclined: () => void;
}) {
  const [look, setLook] = useState<Look>({ status: 'looking' });
  const { host, port, security } = server;

  useEffect(() => {
    let current = true;
    client.call('servers.inspectCertificate', { host, port, security, protocol: 'imap' }).then(
      (certificate) => current && setLook({ status: 'found', certificate }),
      (error: Error) => current && setLook({ status: 'failed', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [client, host, port, security]);

  if (look.status === 'looking') {
    return (
      <p className="certificate-exception" role="status">
        Looking at the certificate of {host}:{port}…
      </p>
    );
  }
  if (look.status === 'failed') {
    return (
      <p className="certificate-exception error" role="alert">
        {look.message}
      </p>
    );
  }
  return (
    <section className="certificate-exception" aria-label={`Certificate of ${host}:${port}`}>
      <RefusedCertificate
        client={client}
        certificate={look.certificate}
        trust={({ fingerprint256 }) =>
          client.call('servers.trustCertificate', { host, port, security, protocol: 'imap', fingerprint256 })
        }
        onTrusted={onTrusted}
        onDeclined={onDeclined}
      />
    </section>
  );
}
