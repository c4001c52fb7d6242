// A TLS relay in front of one of the stack's servers that presents a certificate of the test's
// choosing (and can swap it), forwarding to the real server over verified TLS. It counts the
// sign-in commands that reach it: any counted command came after a handshake the client accepted.
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import tls from 'node:tls';
import type { ServerCertificate, TestCa } from './types';

export interface CertificateRelay {
  port: number;
  /** Sign-in commands (IMAP LOGIN/AUTHENTICATE, SMTP AUTH) the client sent through the relay. */
  logins(): number;
  /** From the next handshake on, the relay presents this certificate. */
  present(certificate: ServerCertificate): void;
  close(): Promise<void>;
}

export const imapLogin = /^\S+ (LOGIN|AUTHENTICATE)\b/gim;
export const smtpAuth = /^AUTH\b/gim;

export async function startCertificateRelay(options: {
  certificate: ServerCertificate;
  /** The stack's TLS port behind the relay, and the CA that vouches for it. */
  targetPort: number;
  ca: TestCa;
  login: RegExp;
}): Promise<CertificateRelay> {
  let logins = 0;
  const sockets = new Set<net.Socket>();
  const { certificate, targetPort, ca, login } = options;
  const server = tls.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (client) => {
    const upstream = tls.connect({ host: '127.0.0.1', port: targetPort, ca: [ca.caPem] });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      logins += chunk.toString('latin1').match(login)?.length ?? 0;
    });
    client.pipe(upstream).pipe(client);
  });
  server.on('tlsClientError', () => undefined);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    logins: () => logins,
    present: (next) => server.setSecureContext({ key: next.keyPem, cert: next.certPem }),
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
