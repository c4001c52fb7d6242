import { AppError, isAppError } from '../../shared/errors';
import type { ServerCertificate } from '../../shared/mail-models';
import type { Endpoint } from '../auth/provider-presets';
import type { NetworkTrust } from '../auth/types';
import type { Db } from '../store/database';
import { certificateReport } from './certificate-report';
import { inspectServerCertificate, type MailProtocol } from './inspect-server-certificate';
import { trustCertificate, type CertificateRefusal } from './trust-certificate';

export interface TrustRequest {
  host: string;
  port: number;
  fingerprint256: string;
}

interface AccountRefusal extends CertificateRefusal {
  accountId: string;
}

/**
 * The certificates each account's IMAP and SMTP connections refused and the user may trust. Only
 * a certificate reported here can be trusted: the UI names one by host, port and fingerprint.
 */
export function createCertificateRefusals(db: Db, trust: NetworkTrust, inspect = inspectServerCertificate) {
  const byConnection = new Map<string, AccountRefusal>();
  const keyOf = (accountId: string, protocol: MailProtocol) => `${protocol} ${accountId}`;

  const look = async (accountId: string, endpoint: Endpoint, protocol: MailProtocol) => {
    const presented = await inspect(endpoint, protocol, trust).catch(() => null);
    const certificate = presented && certificateReport(endpoint.host, endpoint.port, presented, trust);
    if (certificate) byConnection.set(keyOf(accountId, protocol), { accountId, endpoint, protocol, certificate });
    else byConnection.delete(keyOf(accountId, protocol));
  };

  return {
    /** Runs one connection attempt; a TLS failure is followed by a look at the server's certificate. */
    async watch<T>(
      accountId: string,
      endpoint: Endpoint,
      protocol: MailProtocol,
      connect: () => Promise<T>,
    ): Promise<T> {
      try {
        const connected = await connect();
        byConnection.delete(keyOf(accountId, protocol));
        return connected;
      } catch (error) {
        if (isAppError(error) && error.code === 'TLS_FAILED') await look(accountId, endpoint, protocol);
        else byConnection.delete(keyOf(accountId, protocol));
        throw error;
      }
    },
    certificateOf(accountId: string, protocol: MailProtocol = 'imap'): ServerCertificate | null {
      return byConnection.get(keyOf(accountId, protocol))?.certificate ?? null;
    },
    forget(accountId: string): void {
      for (const protocol of ['imap', 'smtp'] as const) byConnection.delete(keyOf(accountId, protocol));
    },
    /** Pins the certificate and returns the accounts whose connection (IMAP or SMTP) it concerns. */
    async trust(request: TrustRequest): Promise<string[]> {
      const matches = [...byConnection].filter(
        ([, refusal]) =>
          refusal.endpoint.host === request.host &&
          refusal.endpoint.port === request.port &&
          refusal.certificate.fingerprint256 === request.fingerprint256,
      );
      const [first] = matches;
      if (!first)
        throw new AppError(
          'NOT_FOUND',
          `No refused certificate of ${request.host}:${request.port} is waiting for a decision.`,
        );
      const { endpoint, protocol, certificate } = first[1];
      await trustCertificate(db, trust, { endpoint, protocol, fingerprint256: certificate.fingerprint256 }, inspect);
      for (const [key] of matches) byConnection.delete(key);
      return [...new Set(matches.map(([, refusal]) => refusal.accountId))];
    },
  };
}

export type CertificateRefusals = ReturnType<typeof createCertificateRefusals>;
