// SMTP servers on 127.0.0.1 for the certificate and plaintext cases: implicit TLS with a given
// certificate, or plaintext with no STARTTLS at all (which would even take AUTH in the clear).
// Both refuse every sign-in and count the attempts.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ServerCertificate } from './types';

export interface TestSmtpServer {
  port: number;
  /** AUTH attempts the server received. */
  authAttempts(): number;
  close(): Promise<void>;
}

export async function startTestSmtpServer(
  transport: { tls: ServerCertificate } | { plaintext: true },
): Promise<TestSmtpServer> {
  let attempts = 0;
  const server = new SMTPServer({
    ...('tls' in transport
      ? { secure: true, key: transport.tls.keyPem, cert: transport.tls.certPem }
      : { secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    logger: false,
    closeTimeout: 200,
    onAuth(_auth, _session, callback) {
      attempts += 1;
      callback(new Error('Invalid credentials'));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    authAttempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
