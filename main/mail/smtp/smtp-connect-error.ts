import { AppError } from '../../../shared/errors';
import type { Endpoint } from '../../auth/provider-presets';
import { describeConnectionError } from '../../servers/secure-socket';

interface NodemailerError {
  code?: string;
  /** The socket's or TLS's own code, when nodemailer replaced it with its own (ESOCKET). */
  originalCode?: string;
  command?: string;
}

/** Why an SMTP connection failed, for a person: a refused sign-in, no STARTTLS, or the socket's or TLS's failure. */
export function smtpConnectError(error: unknown, endpoint: Endpoint): AppError {
  const { code, originalCode, command } = (error ?? {}) as NodemailerError;
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
