import type { Socket } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { NetworkTrust } from '../../auth/types';
import { followEndOfData, type EndOfData } from './end-of-data';
import { smtpConnectError } from './smtp-connect-error';
import { smtpConnectionOptions, type SmtpLogin } from './smtp-transport-options';

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
    /**
     * The whole message and the end of DATA (CRLF.CRLF) had been handed to the operating system and
     * no final reply came: it may have been delivered. False for a failure before that.
     */
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

const loginWith = (login: SmtpLogin): SMTPConnection.AuthenticationType =>
  login.password !== undefined
    ? { user: login.email, pass: login.password }
    : { user: login.email, oauth2: new XOAuth2({ user: login.email, accessToken: login.accessToken }) };

/**
 * Connects, logs in when the server offers AUTH, and sends, as nodemailer's SMTP transport does, but
 * on a connection of our own so its socket can be followed to the end of DATA.
 */
function submitOn(
  connection: SMTPConnection,
  login: SmtpLogin,
  envelope: SmtpEnvelope,
  raw: Uint8Array,
  following: (data: EndOfData) => void,
): Promise<SMTPConnection.SentMessageInfo> {
  return new Promise((resolve, reject) => {
    connection.once('error', reject);
    connection.connect((connectError) => {
      if (connectError) return reject(connectError);
      const send = () => {
        following(followEndOfData(connection._socket as Socket));
        connection.send(envelope, Buffer.from(raw), (error, info) => (error ? reject(error) : resolve(info)));
      };
      if (!connection.allowsAuth) return send();
      connection.login(loginWith(login), (error) => (error ? reject(error) : send()));
    });
  });
}

/**
 * Submits one built message with the pinned settings (smtpConnectionOptions): TLS only,
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
  const connection = new SMTPConnection({
    ...smtpConnectionOptions(login.endpoint, trust),
    socketTimeout: dataTimeoutMs,
  });
  let data: EndOfData | undefined;
  try {
    const info = await submitOn(connection, login, envelope, raw, (following) => (data = following));
    return { rejected: (info.rejected ?? []).map(String) };
  } catch (error) {
    const afterData = (await data?.written()) ?? false;
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
    connection.close();
  }
}
