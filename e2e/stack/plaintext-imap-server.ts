// A small IMAP server on 127.0.0.1 that starts in plaintext (like port 143). Given a certificate
// it advertises STARTTLS with LOGINDISABLED and upgrades; without one it offers no TLS at all
// and would take a login in the clear. It refuses every login: enough to see whether a client
// got as far as authenticating. (The stack's Dovecot listens on implicit TLS only.)
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { ServerCertificate } from './types';

export interface PlaintextImapServer {
  port: number;
  /** AUTHENTICATE or LOGIN commands the server received, in the clear or over TLS. */
  loginAttempts(): number;
  close(): Promise<void>;
}

const startTlsCapabilities = 'IMAP4rev1 STARTTLS LOGINDISABLED';
const loginCapabilities = 'IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER';

interface Dialogue {
  capabilities: string;
  onStartTls?: (tag: string) => void;
  onLogin: () => void;
}

function speak(socket: net.Socket, dialogue: Dialogue): void {
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    let end: number;
    while ((end = pending.indexOf('\r\n')) !== -1) {
      const [tag = '*', command = ''] = pending.slice(0, end).split(' ');
      pending = pending.slice(end + 2);
      const verb = command.toUpperCase();
      if (verb === 'CAPABILITY') socket.write(`* CAPABILITY ${dialogue.capabilities}\r\n${tag} OK done\r\n`);
      else if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
      else if (verb === 'STARTTLS' && dialogue.onStartTls) {
        socket.off('data', onData);
        dialogue.onStartTls(tag);
        return;
      } else if (verb === 'AUTHENTICATE' || verb === 'LOGIN') {
        dialogue.onLogin();
        socket.write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
      } else socket.write(`${tag} BAD not here\r\n`);
    }
  };
  socket.on('data', onData);
}

export function startPlaintextImapServer(startTls?: ServerCertificate): Promise<PlaintextImapServer> {
  const sockets = new Set<net.Socket>();
  let logins = 0;
  const onLogin = () => (logins += 1);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const capabilities = startTls ? startTlsCapabilities : loginCapabilities;
    socket.write(`* OK [CAPABILITY ${capabilities}] ready\r\n`);
    speak(socket, {
      capabilities,
      onLogin,
      onStartTls:
        startTls &&
        ((tag) => {
          socket.write(`${tag} OK Begin TLS negotiation now\r\n`);
          const secure = new tls.TLSSocket(socket, { isServer: true, key: startTls.keyPem, cert: startTls.certPem });
          secure.on('error', () => undefined);
          speak(secure, { capabilities: loginCapabilities, onLogin });
        }),
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        loginAttempts: () => logins,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
