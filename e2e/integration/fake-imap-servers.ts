import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { ServerCertificate } from '../stack/types';

// Small misbehaving (and one well-behaved) servers on 127.0.0.1 for the cases a real Dovecot
// never shows: no TLS, no STARTTLS, PREAUTH in the clear, injected bytes, silence.

export interface FakeServer {
  port: number;
  /** Connections a client has open now (one the client closed is gone). */
  openConnections(): number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        openConnections: () => sockets.size,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

function onLines(socket: net.Socket, handle: (line: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) !== -1) {
      handle(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  });
}

/** Answers CAPABILITY and LOGOUT; enough for a probe. */
function speakImap(socket: net.Socket): void {
  onLines(socket, (line) => {
    const [tag, command] = line.split(' ');
    if (command?.toUpperCase() === 'CAPABILITY') {
      socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
    } else if (command?.toUpperCase() === 'LOGOUT') {
      socket.end(`* BYE\r\n${tag} OK bye\r\n`);
    }
  });
}

/** Speaks IMAP without TLS on a port where the client expects implicit TLS. */
export const plaintextServer = () => listen(net.createServer((socket) => socket.write('* OK plaintext IMAP\r\n')));

/** Accepts the connection and never says anything. */
export const silentServer = () => listen(net.createServer(() => undefined));

/** Greets, then answers nothing but `drip` every 50 ms, whatever it is asked. */
function greetAndDrip(socket: net.Socket, drip: string): void {
  socket.write('* OK greeting\r\n');
  const timer = setInterval(() => socket.write(drip), 50);
  socket.on('close', () => clearInterval(timer));
}

const untaggedLine = '* still thinking\r\n';

/** Greets, then answers nothing but an endless trickle of untagged lines. */
export const drippingServer = () => listen(net.createServer((socket) => greetAndDrip(socket, untaggedLine)));

/**
 * drippingServer over implicit TLS with the given certificate, so that a client gets past the
 * handshake; `drip` is what it trickles (by default untagged lines).
 */
export const drippingTlsServer = (certificate: ServerCertificate, drip = untaggedLine) =>
  listen(
    tls.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (socket) => greetAndDrip(socket, drip)),
  );

/** Implicit TLS with the given certificate. */
export function tlsServer(certificate: ServerCertificate): Promise<FakeServer> {
  return listen(
    tls.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (socket) => {
      socket.write('* OK fake TLS IMAP\r\n');
      speakImap(socket);
    }),
  );
}

export type StartTlsBehaviour = 'upgrades' | 'refuses' | 'preauth' | 'injects';

/** A plaintext greeting, then STARTTLS handled according to `behaviour`. */
export function startTlsServer(behaviour: StartTlsBehaviour, certificate: ServerCertificate): Promise<FakeServer> {
  return listen(
    net.createServer((socket) => {
      socket.write(behaviour === 'preauth' ? '* PREAUTH logged in already\r\n' : '* OK plain greeting\r\n');
      let upgraded = false;
      onLines(socket, (line) => {
        if (upgraded) return;
        const [tag] = line.split(' ');
        if (behaviour === 'refuses') {
          socket.write(`${tag} BAD unknown command\r\n`);
          return;
        }
        upgraded = true;
        socket.removeAllListeners('data');
        socket.write(
          `${tag} OK begin TLS\r\n${behaviour === 'injects' ? '* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n' : ''}`,
        );
        const secure = new tls.TLSSocket(socket, {
          isServer: true,
          key: certificate.keyPem,
          cert: certificate.certPem,
        });
        secure.on('error', () => undefined);
        speakImap(secure);
      });
    }),
  );
}
