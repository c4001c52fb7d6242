import { AppError } from '../../shared/errors';
import type { ServerCertificate } from '../../shared/mail-models';
import type { Endpoint } from '../auth/provider-presets';
import type { NetworkTrust } from '../auth/types';
import { describeConnectionError } from '../servers/secure-socket';
import type { Db } from '../store/database';
import { certificateReport, type PresentedCertificate } from './certificate-report';
import { inspectServerCertificate, type MailProtocol } from './inspect-server-certificate';
import { trustCertificate } from './trust-certificate';

/** A server being set up, before any account exists: where it is and what it speaks. */
export interface CertificateTarget {
  endpoint: Endpoint;
  protocol: MailProtocol;
}

/** Why a certificate the user asked about is not offered as an exception, in plain words. */
function notOffered(host: string, port: number, presented: PresentedCertificate, now: number): AppError {
  const where = `${host}:${port}`;
  const expired = now > new Date(presented.certificate.validTo).getTime();
  const early = now < new Date(presented.certificate.validFrom).getTime();
  if (expired || early) {
    return new AppError(
      'TLS_FAILED',
      `The certificate of ${where} ${expired ? 'has expired' : 'is not valid yet'}, so it cannot be trusted by exception. Ask the server's administrator to renew it.`,
    );
  }
  return new AppError('TLS_FAILED', `The certificate of ${where} is trusted by this computer; check the server again.`);
}

/**
 * Certificate exceptions while setting up an account (the server check, the app-password sign-in):
 * main looks at the certificate itself, both when showing it and when the user trusts it, so the
 * renderer can only name a fingerprint, never supply a certificate.
 */
export function createCertificateExceptions(
  db: Db,
  trust: NetworkTrust,
  inspect = inspectServerCertificate,
  now = Date.now,
) {
  const look = async ({ endpoint, protocol }: CertificateTarget): Promise<PresentedCertificate> => {
    try {
      return await inspect(endpoint, protocol, trust);
    } catch (error) {
      throw describeConnectionError(error, endpoint.host, endpoint.port);
    }
  };
  return {
    /** The certificate the server presents now, when the user may trust it; otherwise why not. */
    async inspect(target: CertificateTarget): Promise<ServerCertificate> {
      const { host, port } = target.endpoint;
      const presented = await look(target);
      const report = certificateReport(host, port, presented, trust, now());
      if (!report) throw notOffered(host, port, presented, now());
      return report;
    },
    /** Pins the certificate with this fingerprint, if the server still presents it and it may be trusted. */
    async trust(target: CertificateTarget, fingerprint256: string): Promise<void> {
      try {
        await trustCertificate(db, trust, { ...target, fingerprint256 }, inspect);
      } catch (error) {
        throw describeConnectionError(error, target.endpoint.host, target.endpoint.port);
      }
    },
  };
}

export type CertificateExceptions = ReturnType<typeof createCertificateExceptions>;
