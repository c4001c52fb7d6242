import { AppError } from '../../shared/errors';
import type { ServerCertificate } from '../../shared/mail-models';
import type { Endpoint } from '../auth/provider-presets';
import type { NetworkTrust } from '../auth/types';
import type { Db } from '../store/database';
import { certificateReport } from './certificate-report';
import { pinFor } from './certificate-trust-options';
import { inspectServerCertificate, type MailProtocol } from './inspect-server-certificate';
import { saveTrustedCertificate } from './trusted-certificates';

/** A refused certificate as the engine reported it, with where it came from. */
export interface CertificateRefusal {
  endpoint: Endpoint;
  protocol: MailProtocol;
  certificate: ServerCertificate;
}

/** The certificate the user agreed to: where it was seen and its fingerprint. */
export interface TrustDecision {
  endpoint: Endpoint;
  protocol: MailProtocol;
  fingerprint256: string;
}

/**
 * Pins the certificate the user agreed to, but only if the server still presents exactly that one
 * (looked at again now) and it is still one the user may trust.
 */
export async function trustCertificate(
  db: Db,
  trust: NetworkTrust,
  decision: TrustDecision,
  inspect = inspectServerCertificate,
): Promise<void> {
  const { host, port } = decision.endpoint;
  const presented = await inspect(decision.endpoint, decision.protocol, trust);
  const { fingerprint256 } = presented.certificate;
  if (fingerprint256 !== decision.fingerprint256) {
    throw new AppError('TLS_FAILED', `${host}:${port} now presents another certificate; look at it again.`);
  }
  if (pinFor(trust, host, port)?.fingerprint256 === fingerprint256) return;
  const report = certificateReport(host, port, presented, trust);
  if (!report) throw new AppError('TLS_FAILED', `The certificate of ${host}:${port} cannot be trusted by exception.`);
  saveTrustedCertificate(db, {
    host,
    port,
    fingerprint256,
    subject: report.subject,
    pem: presented.certificate.toString(),
  });
}
