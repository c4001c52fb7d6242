import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Endpoint } from '../../auth/provider-presets';
import type { NetworkTrust } from '../../auth/types';
import { certificateCheckOptions } from '../../tls/certificate-trust-options';

/** Who sends and with what: an OAuth access token (XOAUTH2) or an app password. */
export type SmtpLogin = { endpoint: Endpoint; email: string } & (
  { accessToken: string; password?: never } | { password: string; accessToken?: never }
);

/**
 * The nodemailer SMTP settings every send uses: implicit TLS, or STARTTLS required (a server
 * that does not offer it is refused before any AUTH), the certificate always verified, TLS 1.2
 * at least; a pinned host:port accepts only its pinned certificate. Logging stays off: nodemailer's debug log would write the AUTH line.
 */
export function smtpConnectionOptions(endpoint: Endpoint, trust: NetworkTrust): SMTPConnection.Options {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    ignoreTLS: false,
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...certificateCheckOptions(trust, endpoint.host, endpoint.port),
    },
    logger: false,
    debug: false,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
}

/** The same settings with the login, for nodemailer's own transport (a server check with verify()). */
export function smtpTransportOptions(login: SmtpLogin, trust: NetworkTrust): SMTPTransport.Options {
  return {
    ...smtpConnectionOptions(login.endpoint, trust),
    auth:
      login.password !== undefined
        ? { type: 'login', user: login.email, pass: login.password }
        : { type: 'OAuth2', user: login.email, accessToken: login.accessToken },
  };
}
