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

/**
 * The certificates each account's connection refused and the user may trust. Only a certificate
 * reported here can be trusted: the UI names one by host, port and fingerprint.
 */
export function createCertificateRefusals(db: Db, trust: NetworkTrust, inspect = inspectServerCertificate) {
  const byAccount = new Map<string, CertificateRefusal>();

  const look = async (accountId: string, endpoint: Endpoint, protocol: MailProtocol) => {
    const presented = await inspect(endpoint, protocol, trust).catch(() => null);
    const certificate = presented && certificateReport(endpoint.host, endpoint.port, presented, trust);
    if (certificate) byAccount.set(accountId, { endpoint, protocol, certificate });
    else byAccount.delete(accountId);
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
        byAccount.delete(accountId);
        return connected;
      } catch (error) {
        if (isAppError(error) && error.code === 'TLS_FAILED') await look(accountId, endpoint, protocol);
        else byAccount.delete(accountId);
        throw error;
      }
    },
    certificateOf(accountId: string): ServerCertificate | null {
      return byAccount.get(accountId)?.certificate ?? null;
    },
    forget(accountId: string): void {
      byAccount.delete(accountId);
    },
    /** Pins the certificate and returns the accounts whose connection it concerns. */
    async trust(request: TrustRequest): Promise<string[]> {
      const matches = [...byAccount].filter(
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
      await trustCertificate(db, trust, first[1], inspect);
      for (const [accountId] of matches) byAccount.delete(accountId);
      return matches.map(([accountId]) => accountId);
    },
  };
}

export type CertificateRefusals = ReturnType<typeof createCertificateRefusals>;
