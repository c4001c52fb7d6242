import net from 'node:net';
import tls from 'node:tls';
import { AppError } from '../../shared/errors';
import type { PinnedCertificate } from '../auth/types';
import { certificateCheckOptions } from '../tls/certificate-trust-options';

export interface ConnectOptions {
  /** Extra PEM roots trusted besides the system's (the sandbox's test CA, for one). */
  extraCa?: string[];
  /** The user's certificate exceptions: a pinned host:port accepts exactly that certificate. */
  pinned?: readonly PinnedCertificate[];
  /** The socket fails when the server stays silent this long. */
  idleTimeoutMs: number;
  /** Aborting fails the socket as timed out, however chatty the server is. */
  deadline?: AbortSignal;
}

const certificateErrors = new Map<string, string>([
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'it is self-signed'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'it was issued by an authority this computer does not trust'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'it was issued by an authority this computer does not trust'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'it was issued by an authority this computer does not trust'],
  ['CERT_HAS_EXPIRED', 'it has expired'],
  ['CERT_NOT_YET_VALID', 'it is not valid yet'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'it was issued for a different server name'],
]);

/** Turns a socket or TLS failure into a message a person can act on. */
export function describeConnectionError(error: unknown, host: string, port: number): AppError {
  const code = (error as { code?: string } | null)?.code ?? '';
  const where = `${host}:${port}`;
  const certificate = certificateErrors.get(code);
  if (certificate) return new AppError('TLS_FAILED', `The certificate of ${where} is not trusted: ${certificate}.`);
  if (code === 'ETIMEDOUT') return new AppError('TIMEOUT', `${where} stopped answering.`);
  if (code === 'ECONNREFUSED') return new AppError('CONNECTION_FAILED', `Nothing answers at ${where}.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new AppError('CONNECTION_FAILED', `The server ${host} was not found.`);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ECONNRESET' || code.startsWith('ERR_SSL')) {
    return new AppError('TLS_FAILED', `${where} did not start a secure (TLS) connection.`);
  }
  if (error instanceof AppError) return error;
  return new AppError('CONNECTION_FAILED', `The connection to ${where} failed.`);
}

function tlsOptions(host: string, port: number, options: ConnectOptions): tls.ConnectionOptions {
  return {
    host,
    servername: net.isIP(host) ? undefined : host,
    minVersion: 'TLSv1.2',
    ...certificateCheckOptions({ extraCa: options.extraCa ?? [], pinned: options.pinned }, host, port),
  };
}

const timedOut = () => Object.assign(new Error('The server stopped answering.'), { code: 'ETIMEDOUT' });

function failWhenIdle<S extends net.Socket>(socket: S, options: ConnectOptions): S {
  socket.setTimeout(options.idleTimeoutMs, () => socket.destroy(timedOut()));
  if (options.deadline?.aborted) socket.destroy(timedOut());
  const onDeadline = () => socket.destroy(timedOut());
  options.deadline?.addEventListener('abort', onDeadline, { once: true });
  socket.once('close', () => options.deadline?.removeEventListener('abort', onDeadline));
  return socket;
}

function whenSecure(socket: tls.TLSSocket, options: ConnectOptions): Promise<tls.TLSSocket> {
  failWhenIdle(socket, options);
  return new Promise((resolve, reject) => {
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Implicit TLS, certificate verified (there is no way to turn verification off). */
export function connectTls(host: string, port: number, options: ConnectOptions): Promise<tls.TLSSocket> {
  return whenSecure(tls.connect({ ...tlsOptions(host, port, options), port }), options);
}

export function connectPlain(host: string, port: number, options: ConnectOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = failWhenIdle(net.connect({ host, port }), options);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Upgrades a plain socket after the server agreed to STARTTLS. */
export function upgradeToTls(
  socket: net.Socket,
  host: string,
  port: number,
  options: ConnectOptions,
): Promise<tls.TLSSocket> {
  return whenSecure(tls.connect({ ...tlsOptions(host, port, options), socket }), options);
}
