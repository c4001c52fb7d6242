import { ImapFlow } from 'imapflow';
import { AppError } from '../../shared/errors';
import type { Endpoint } from '../auth/provider-presets';
import type { NetworkTrust } from '../auth/types';
import { describeConnectionError } from '../servers/secure-socket';
import { createFloodGuard, type FloodLimit } from './sync/flood-guard';
import { certificateCheckOptions, pinnedCertificateError } from '../tls/certificate-trust-options';

/** Who logs in and with what: an OAuth access token (XOAUTH2/OAUTHBEARER) or an app password (LOGIN/PLAIN). */
export type ImapLogin = { endpoint: Endpoint; email: string } & (
  { accessToken: string; password?: never } | { password: string; accessToken?: never }
);

/**
 * Why connect() failed, for a person: a refused login, a pinned certificate that changed, or the
 * socket's or TLS's own failure.
 */
export function imapConnectError(error: unknown, endpoint: Endpoint, trust: NetworkTrust = { extraCa: [] }): AppError {
  if ((error as { authenticationFailed?: boolean } | null)?.authenticationFailed) {
    return new AppError('SIGN_IN_REQUIRED', `The mail server ${endpoint.host} did not accept the sign-in.`);
  }
  // imapflow marks a server that would not upgrade to TLS (no STARTTLS, or stripped on the way).
  if ((error as { tlsFailed?: boolean } | null)?.tlsFailed) {
    return new AppError(
      'TLS_FAILED',
      `${endpoint.host}:${endpoint.port} does not offer STARTTLS; Harbor Mail never connects without TLS.`,
    );
  }
  return (
    pinnedCertificateError(error, trust, endpoint.host, endpoint.port) ??
    describeConnectionError(error, endpoint.host, endpoint.port)
  );
}

export interface ImapSessionOptions {
  /** Enable QRESYNC (RFC 7162) when the server offers it: VANISHED instead of EXPUNGE, for sync. */
  qresync?: boolean;
  /** Closes the connection attempt when it aborts: imapflow's own timeouts never fire while bytes trickle in. */
  signal?: AbortSignal;
  /** Unsolicited responses the session may get before it is cut as a flood. Default 1,000 in 5 s. */
  floodLimit?: FloodLimit;
}

/**
 * The largest literal a session reads (imapflow's default is 1 GB, buffered whole). Whole messages
 * are fetched up to 25 MB (BODY_CEILING_BYTES) and attachments in 64 KB pieces, so only a server
 * sending far more than it announced gets near this, and it is cut before anything is buffered.
 */
export const MAX_LITERAL_BYTES = 64 * 1024 * 1024;

const flooded = new WeakSet<ImapFlow>();

/** The session was closed because its server flooded it with unsolicited responses. */
export function cutForFlooding(session: ImapFlow): boolean {
  return flooded.has(session);
}

/**
 * Every session counts the responses it did not ask for (new mail, flag changes, expunges): a
 * server can send them by the hundred thousand, and parsing them holds the engine thread, with it
 * every other account. A session that floods is closed; its owner sees a lost session (and backs
 * off). Expunges that answer our own command (a large move or delete, VANISHED (EARLIER) of a
 * resync) are not counted however many there are; our flag changes are silent STOREs.
 */
function guardAgainstFloods(client: ImapFlow, limit: FloodLimit | undefined): void {
  const guard = createFloodGuard(limit);
  // imapflow 2.10 keeps the command on the wire here (false when there is none; IDLE counts as none).
  const commandInFlight = () =>
    !client.idling && Boolean((client as unknown as { currentRequest?: object | false }).currentRequest);
  const seen = (answersOurCommand: boolean) => {
    if (answersOurCommand || flooded.has(client) || !guard.seen()) return;
    flooded.add(client);
    client.close();
  };
  client.on('exists', () => seen(false));
  client.on('flags', () => seen(false));
  client.on('expunge', (event: { earlier?: boolean }) => seen(event.earlier === true || commandInFlight()));
}

export async function openImapSession(
  login: ImapLogin,
  trust: NetworkTrust,
  options: ImapSessionOptions = {},
): Promise<ImapFlow> {
  const { endpoint } = login;
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS: endpoint.security === 'starttls' ? true : undefined,
    auth:
      login.password !== undefined
        ? { user: login.email, pass: login.password }
        : { user: login.email, accessToken: login.accessToken },
    tls: {
      minVersion: 'TLSv1.2',
      ...certificateCheckOptions(trust, endpoint.host, endpoint.port),
    },
    logger: false,
    emitLogs: false,
    maxLiteralSize: MAX_LITERAL_BYTES,
    qresync: options.qresync ?? false,
  });
  // A connection error after connect() would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  guardAgainstFloods(client, options.floodLimit);
  const abandon = () => client.close();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    if (options.signal?.aborted) throw options.signal.reason;
    throw imapConnectError(error, endpoint, trust);
  } finally {
    options.signal?.removeEventListener('abort', abandon);
  }
}

/** Logs out, waiting at most a second for the server, and closes the socket. */
export async function closeImapSession(session: ImapFlow | null): Promise<void> {
  if (!session) return;
  if (session.usable) {
    await Promise.race([session.logout().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }
  session.close();
}
