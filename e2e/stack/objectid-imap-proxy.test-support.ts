// A TLS proxy in front of the stack's Dovecot that gives it OBJECTID (RFC 8474) and keeps a
// transcript of the message bodies the server sent.
//
// Dovecot 2.3.19 has no OBJECTID (2.4 has): it refuses FETCH EMAILID. It does have FETCH X-GUID,
// the message's GUID in its storage, which is what Dovecot 2.4 answers EMAILID from. With Maildir
// a COPY keeps the GUID (the file is hard-linked under the same name) and a MOVE does not (a new
// file name), so copies are one message as RFC 8474 wants. The proxy adds OBJECTID to the
// capabilities, asks X-GUID where the client asks EMAILID, and answers EMAILID (an objectid made
// of the GUID's hash: RFC 8474 allows letters, digits, - and _ only).
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import tls from 'node:tls';
import { createImapSplitter } from './imap-pieces.test-support';
import type { MailStack } from './types';

export interface ObjectIdImapProxy {
  port: number;
  /** Whole messages (BODY[]) the server sent, in order, with the folder selected at the time. */
  bodies(): { folder: string; uid: number }[];
  close(): Promise<void>;
}

const capabilityList = /(CAPABILITY IMAP4rev1)( |\])/;
const selecting = /^\S+ (?:SELECT|EXAMINE) "?([^"\r\n]+)"?/i;
const fetching = /^\S+ (?:UID )?FETCH /i;
const guidAttribute = /X-GUID ("[^"]*"|[^\s()]+)/i;
const wholeBody = /BODY\[\] \{\d+\}\r\n$/;
const uidAttribute = /[( ]UID (\d+)/;

/** An RFC 8474 objectid for a Dovecot GUID. */
export const objectIdOf = (guid: string): string =>
  `M${createHash('sha256').update(guid).digest('base64url').slice(0, 24)}`;

let certificates = 0;

/** `objectId: false` relays faithfully and only keeps the transcript (Dovecot as it is). */
export async function startObjectIdImapProxy(
  stack: Pick<MailStack, 'ca' | 'dovecot'>,
  { objectId = true } = {},
): Promise<ObjectIdImapProxy> {
  const certificate = await stack.ca.issue(`objectid-imap-${++certificates}`, ['IP:127.0.0.1', 'DNS:localhost']);
  const sockets = new Set<net.Socket>();
  const bodies: { folder: string; uid: number }[] = [];

  const relay = (client: tls.TLSSocket) => {
    const upstream = tls.connect({ host: '127.0.0.1', port: stack.dovecot.imapPort, ca: [stack.ca.caPem] });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    let folder = '';
    client.on(
      'data',
      createImapSplitter((piece) => {
        if (piece.kind === 'line' && !piece.continues) {
          const line = piece.bytes.toString('latin1');
          const selected = selecting.exec(line);
          if (selected) folder = selected[1]!;
          if (objectId && fetching.test(line)) {
            upstream.write(Buffer.from(line.replace(/\bEMAILID\b/gi, 'X-GUID'), 'latin1'));
            return;
          }
        }
        upstream.write(piece.bytes);
      }),
    );
    upstream.on(
      'data',
      createImapSplitter((piece) => {
        if (piece.kind !== 'line') {
          client.write(piece.bytes);
          return;
        }
        let line = piece.bytes.toString('latin1');
        if (wholeBody.test(line)) bodies.push({ folder, uid: Number(uidAttribute.exec(line)?.[1] ?? 0) });
        if (objectId) {
          line = line
            .replace(capabilityList, '$1 OBJECTID$2')
            .replace(guidAttribute, (_, guid: string) => `EMAILID (${objectIdOf(guid.replace(/^"|"$/g, ''))})`);
        }
        client.write(Buffer.from(line, 'latin1'));
      }),
    );
  };

  const server = tls.createServer({ key: certificate.keyPem, cert: certificate.certPem }, relay);
  server.on('tlsClientError', () => undefined);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bodies: () => [...bodies],
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
