import tls from 'node:tls';
import { AppError } from '../../shared/errors';
import type { NetworkTrust, PinnedCertificate } from '../auth/types';

/** The code of the error a pinned connection fails with when the server shows another certificate. */
const pinMismatch = 'CERT_PIN_MISMATCH';

/** Verification failures that mean "not the pinned certificate" on a connection that trusts only the pin. */
const otherCertificate = new Set([
  pinMismatch,
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
]);

export function pinFor(trust: NetworkTrust, host: string, port: number): PinnedCertificate | undefined {
  return trust.pinned?.find((pin) => pin.host === host && pin.port === port);
}

/**
 * The certificate checks of one connection. Without a pin: the system's roots plus the extra ones,
 * host name checked. With a pin: the pinned certificate is the only trust anchor (partial chains
 * allowed, so a leaf from an unknown authority anchors itself) and the presented leaf must have
 * the pinned fingerprint; the host name is not checked, since the user trusted this certificate
 * for this host:port. Verification happens in the handshake, before any protocol byte is sent.
 */
export function certificateCheckOptions(trust: NetworkTrust, host: string, port: number): tls.ConnectionOptions {
  const pin = pinFor(trust, host, port);
  if (!pin) return { ca: trust.extraCa.length ? [...tls.rootCertificates, ...trust.extraCa] : undefined };
  return {
    ca: [pin.pem],
    allowPartialTrustChain: true,
    checkServerIdentity: (_host, certificate) =>
      certificate.fingerprint256 === pin.fingerprint256
        ? undefined
        : Object.assign(new Error('The server presented another certificate than the trusted one.'), {
            code: pinMismatch,
          }),
  };
}

/** A pinned host:port that presented another certificate: ask again rather than say "not trusted". */
export function pinnedCertificateError(
  error: unknown,
  trust: NetworkTrust,
  host: string,
  port: number,
): AppError | null {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (!pinFor(trust, host, port) || !otherCertificate.has(code)) return null;
  return new AppError('TLS_FAILED', `The certificate of ${host}:${port} changed since you trusted it.`);
}
