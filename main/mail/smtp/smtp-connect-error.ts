import { AppError } from '../../../shared/errors';
import type { Endpoint } from '../../auth/provider-presets';
import type { NetworkTrust } from '../../auth/types';
import { describeConnectionError } from '../../servers/secure-socket';
import { pinnedCertificateError } from '../../tls/certificate-trust-options';

interface NodemailerError {
  code?: string;
  /** The socket's or TLS's own code, when nodemailer replaced it with its own (ESOCKET). */
  originalCode?: string;
  command?: string;
}

/**
 * Why an SMTP connection failed, for a person: a pinned server showing another certificate, a
 * refused sign-in, no STARTTLS, or the socket's or TLS's failure.
 */
export function smtpConnectError(error: unknown, endpoint: Endpoint, trust: NetworkTrust): AppError {
  const { code, originalCode, command } = (error ?? {}) as NodemailerError;
  const changed = pinnedCertificateError({ code: originalCode ?? code }, trust, endpoint.host, endpoint.port);
  if (changed) return changed;
  if (code === 'EAUTH') {
    return new AppError('SIGN_IN_REQUIRED', `The mail server ${endpoint.host} did not accept the sign-in.`);
  }
  if (code === 'ETLS' && command === 'STARTTLS') {
    return new AppError(
      'TLS_FAILED',
      `${endpoint.host}:${endpoint.port} does not offer STARTTLS; the app never sends mail without TLS.`,
    );
  }
  return describeConnectionError({ code: originalCode ?? code }, endpoint.host, endpoint.port);
}
