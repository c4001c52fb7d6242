import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { NetworkTrust } from '../../auth/types';
import { smtpConnectError } from './smtp-connect-error';
import { smtpTransportOptions, type SmtpLogin } from './smtp-transport-options';

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

/** nodemailer's codes for a connection that failed before the server said anything about the message. */
const connectionCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

// A slow server may take long to answer a large message's DATA; the pinned idle timeout is for logins.
const dataTimeoutMs = 120_000;

/**
 * Submits one built message with the pinned transport settings (smtpTransportOptions): TLS only,
 * certificates verified, XOAUTH2 or an app password, logging off. A connection that fails before
 * any reply becomes the AppError smtpConnectError gives (TLS_FAILED for a certificate or a
 * missing STARTTLS); everything else is an SmtpSendError.
 */
export async function sendOverSmtp(
  login: SmtpLogin,
  trust: NetworkTrust,
  envelope: SmtpEnvelope,
  raw: Uint8Array,
): Promise<{ rejected: string[] }> {
  const transport = nodemailer.createTransport({ ...smtpTransportOptions(login, trust), socketTimeout: dataTimeoutMs });
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
    // A refused or missing STARTTLS comes with the server's reply; other connection failures without one.
    const connectionFailed =
      failure.code === 'ETLS' || (responseCode === null && connectionCodes.has(failure.code ?? ''));
    if (!afterData && connectionFailed) {
      throw smtpConnectError(error, login.endpoint, trust);
    }
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
