import net from 'node:net';
import type { X509Certificate } from 'node:crypto';
import type { ServerCertificate } from '../../shared/mail-models';
import type { NetworkTrust } from '../auth/types';
import { describeConnectionError } from '../servers/secure-socket';
import { pinFor } from './certificate-trust-options';

/** What a handshake that trusted nothing saw: the server's certificate and Node's verdict on its chain. */
export interface PresentedCertificate {
  certificate: X509Certificate;
  /** Node's chain verification error code (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), null when the chain is trusted. */
  authorizationError: string | null;
}

const oneLine = (name: string) => name.split('\n').filter(Boolean).join(', ');
const isoDate = (openSslDate: string) => new Date(openSslDate).toISOString();

function matchesHost(certificate: X509Certificate, host: string): boolean {
  return (net.isIP(host) ? certificate.checkIP(host) : certificate.checkHost(host)) !== undefined;
}

/**
 * Whether the user may be asked to trust this certificate for host:port, and why it was refused:
 * 'changed' when another one is pinned there; 'untrusted' when it is valid now but self-signed,
 * from an authority this computer does not trust, or for another host name. An expired or
 * not-yet-valid certificate is never offered: that is a problem for the server's administrator,
 * and pinning it would keep accepting a key whose owner stopped vouching for it.
 */
export function certificateReport(
  host: string,
  port: number,
  presented: PresentedCertificate,
  trust: NetworkTrust,
  now = Date.now(),
): ServerCertificate | null {
  const { certificate } = presented;
  const report = (problem: ServerCertificate['problem'], reason: string): ServerCertificate => ({
    host,
    port,
    fingerprint256: certificate.fingerprint256,
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: isoDate(certificate.validFrom),
    validTo: isoDate(certificate.validTo),
    problem,
    reason,
  });
  const pin = pinFor(trust, host, port);
  if (pin) {
    return pin.fingerprint256 === certificate.fingerprint256
      ? null
      : report('changed', `The certificate of ${host}:${port} changed since you trusted it.`);
  }
  if (now < Date.parse(isoDate(certificate.validFrom)) || now > Date.parse(isoDate(certificate.validTo))) return null;
  const code = presented.authorizationError ?? (matchesHost(certificate, host) ? null : 'ERR_TLS_CERT_ALTNAME_INVALID');
  if (!code) return null;
  return report('untrusted', describeConnectionError({ code }, host, port).message);
}
