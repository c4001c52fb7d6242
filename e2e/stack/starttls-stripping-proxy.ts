// A man in the middle on 127.0.0.1 for IMAP or SMTP. It records every byte the client sends.
// In 'strip' mode it removes STARTTLS from what the server advertises and answers a STARTTLS
// command itself with a refusal, so the connection stays plaintext; in 'pass' mode it only
// relays, which shows the client gets through when nobody interferes.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type MailProtocol = 'imap' | 'smtp';

export interface StrippingProxy {
  port: number;
  /** Everything any client sent, as received (plaintext or TLS records). */
  clientBytes(): Buffer;
  /** How many STARTTLS commands the proxy swallowed. */
  refusedStartTls(): number;
  close(): Promise<void>;
}

export interface StrippingProxyOptions {
  protocol: MailProtocol;
  upstreamPort: number;
  mode: 'strip' | 'pass';
}

/** Splits a byte stream into CRLF lines and hands over complete lines only. */
function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('latin1');
    let end: number;
    while ((end = pending.indexOf('\r\n')) !== -1) {
      onLine(pending.slice(0, end));
      pending = pending.slice(end + 2);
    }
  };
}

const imapStartTls = /^(\S+) STARTTLS$/i;
const smtpStartTls = /^STARTTLS$/i;

/** The server's line with STARTTLS taken out of any capability list. */
function stripImapLine(line: string): string {
  return /CAPABILITY/i.test(line) ? line.replace(/ STARTTLS\b/gi, '') : line;
}

/** SMTP multi-line EHLO replies: drop the STARTTLS line and keep the last line's "250 " form. */
function smtpReplyStripper(send: (text: string) => void): (line: string) => void {
  let block: string[] = [];
  return (line) => {
    block.push(line);
    if (line[3] === '-') return;
    const kept = block.filter((entry) => !/^250[- ]STARTTLS\b/i.test(entry));
    block = [];
    if (kept.length === 0) return;
    const last = kept.length - 1;
    kept[last] = `${kept[last]!.slice(0, 3)} ${kept[last]!.slice(4)}`;
    send(kept.map((entry) => `${entry}\r\n`).join(''));
  };
}

export function startStrippingProxy(options: StrippingProxyOptions): Promise<StrippingProxy> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let refused = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: options.upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => received.push(Buffer.from(chunk)));
    if (options.mode === 'pass') {
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
    const isStartTls = options.protocol === 'imap' ? imapStartTls : smtpStartTls;
    client.on(
      'data',
      lineSplitter((line) => {
        const match = isStartTls.exec(line);
        if (!match) {
          upstream.write(`${line}\r\n`);
          return;
        }
        refused += 1;
        client.write(
          options.protocol === 'imap' ? `${match[1]} BAD Unknown command\r\n` : '502 5.5.1 Unknown command\r\n',
        );
      }),
    );
    const toClient = (text: string) => client.write(text);
    const stripSmtp = smtpReplyStripper(toClient);
    upstream.on(
      'data',
      lineSplitter((line) => {
        if (options.protocol === 'smtp') return stripSmtp(line);
        toClient(`${stripImapLine(line)}\r\n`);
      }),
    );
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        clientBytes: () => Buffer.concat(received),
        refusedStartTls: () => refused,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
