import { Readable } from 'node:stream';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import type { Endpoint } from '../../auth/provider-presets';
import type { NetworkTrust } from '../../auth/types';

export type SmtpLogin = { endpoint: Endpoint; email: string } & (
  { accessToken: string; password?: never } | { password: string; accessToken?: never }
);

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/** Why a submission failed, with what the server said and how far it got; never the credential. */
export class SmtpSendError extends Error {
  override name = 'SmtpSendError';
  constructor(
    readonly code: string | null,
    readonly responseCode: number | null,
    /** The server's reply line, for classifying (for example 5.7.139); not shown as is. */
    readonly response: string,
    /** The whole message had gone out and no final reply came: it may have been delivered. */
    readonly afterData: boolean,
    readonly rejected: string[],
  ) {
    super(`SMTP submission failed (${code ?? 'unknown'} ${responseCode ?? ''})`.trim());
  }
}

/**
 * Submits one built message: TLS only (implicit, or STARTTLS required), certificates checked
 * against the system roots plus the configured extra CAs, XOAUTH2 with an access token or
 * PLAIN/LOGIN with an app password. nodemailer's logger stays off: it would write credentials.
 */
export async function sendOverSmtp(
  login: SmtpLogin,
  trust: NetworkTrust,
  envelope: SmtpEnvelope,
  raw: Uint8Array,
): Promise<{ rejected: string[] }> {
  const { endpoint } = login;
  const transport = nodemailer.createTransport({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    auth:
      login.accessToken !== undefined
        ? { type: 'OAuth2', user: login.email, accessToken: login.accessToken }
        : { type: 'login', user: login.email, pass: login.password },
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ca: trust.extraCa.length ? [...tls.rootCertificates, ...trust.extraCa] : undefined,
    },
    logger: false,
    debug: false,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  });
  let afterData = false;
  const source = Readable.from([Buffer.from(raw)]);
  source.on('end', () => {
    afterData = true;
  });
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw: source });
    return { rejected: ((info as { rejected?: unknown[] }).rejected ?? []).map(String) };
  } catch (error) {
    const failure = error as { code?: string; responseCode?: number; response?: string; rejected?: unknown[] };
    const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : null;
    throw new SmtpSendError(
      failure.code ?? null,
      responseCode,
      typeof failure.response === 'string' ? failure.response : '',
      afterData && responseCode === null,
      (failure.rejected ?? []).map(String),
    );
  } finally {
    transport.close();
  }
}
