import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { AppError } from '../../shared/errors';
import type { Endpoint } from '../auth/provider-presets';
import type { NetworkTrust } from '../auth/types';
import { LineReader } from '../servers/line-reader';
import { connectPlain } from '../servers/secure-socket';
import type { PresentedCertificate } from './certificate-report';

export type MailProtocol = 'imap' | 'smtp';

const idleTimeoutMs = 10_000;

async function untilLine(reader: LineReader, done: (line: string) => boolean): Promise<string> {
  for (;;) {
    const line = await reader.next();
    if (done(line)) return line;
  }
}

/** Asks for STARTTLS and waits for the go-ahead; no credential or other command is sent. */
async function requestStartTls(socket: net.Socket, protocol: MailProtocol): Promise<void> {
  const reader = new LineReader(socket);
  const refused = () => new AppError('TLS_FAILED', 'The server did not agree to start TLS.');
  if (protocol === 'imap') {
    await untilLine(reader, (line) => line.startsWith('* '));
    socket.write('c1 STARTTLS\r\n');
    const answer = await untilLine(reader, (line) => line.startsWith('c1 '));
    if (!/^c1 OK/i.test(answer)) throw refused();
  } else {
    await untilLine(reader, (line) => /^\d{3} /.test(line));
    socket.write('EHLO harbor-mail\r\n');
    await untilLine(reader, (line) => /^\d{3} /.test(line));
    socket.write('STARTTLS\r\n');
    const answer = await untilLine(reader, (line) => /^\d{3} /.test(line));
    if (!answer.startsWith('220')) throw refused();
  }
  reader.detach();
}

function handshake(options: tls.ConnectionOptions): Promise<PresentedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...options, minVersion: 'TLSv1.2', rejectUnauthorized: false });
    socket.setTimeout(idleTimeoutMs, () =>
      socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      const authorizationError = socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN');
      socket.destroy();
      if (!raw) reject(new AppError('TLS_FAILED', 'The server presented no certificate.'));
      else resolve({ certificate: new X509Certificate(raw), authorizationError });
    });
  });
}

/**
 * The certificate host:port presents, seen through a TLS handshake that accepts any certificate
 * and then closes: nothing is sent over it, so no credential can reach an untrusted server. For
 * STARTTLS the plain dialogue goes only as far as the upgrade.
 */
export async function inspectServerCertificate(
  endpoint: Endpoint,
  protocol: MailProtocol,
  trust: NetworkTrust,
): Promise<PresentedCertificate> {
  const { host, port } = endpoint;
  const verify = {
    host,
    servername: net.isIP(host) ? undefined : host,
    ca: trust.extraCa.length ? [...tls.rootCertificates, ...trust.extraCa] : undefined,
  };
  if (endpoint.security === 'tls') return handshake({ ...verify, port });
  const socket = await connectPlain(host, port, { idleTimeoutMs });
  try {
    await requestStartTls(socket, protocol);
    return await handshake({ ...verify, socket });
  } finally {
    socket.destroy();
  }
}
