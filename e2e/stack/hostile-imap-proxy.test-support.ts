// A TLS proxy in front of the stack's Dovecot that misbehaves as a test scripts it: it cuts the
// connection at a command, says BYE, answers garbage, drips its bytes, cuts a literal halfway, or
// reports a new UIDVALIDITY every time, or floods a selected session with endless responses. It presents a certificate from the stack's CA, so the app
// and the stack's clients trust it as they trust Dovecot, and it counts the commands that reach it.
// The stack's Dovecot offers no COMPRESS, so both directions stay readable.
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import tls from 'node:tls';
import { createImapSplitter, type ImapPiece } from './imap-pieces.test-support';
import type { MailStack } from './types';

/** What the proxy does from now on; an empty behaviour relays faithfully. Commands are named like 'SELECT' or 'UID FETCH'. */
export interface HostileBehaviour {
  /** The connection is cut when the client sends this command, before the server sees it. */
  dropOn?: string;
  /** This command is answered with `* BYE` instead, and the connection closed. */
  byeOn?: string;
  /** This command is answered with `hostileGarbage` instead; the connection stays open. */
  garbageOn?: string;
  /** The server's bytes reach the client `bytes` at a time, one chunk every `everyMs`. */
  drip?: { bytes: number; everyMs: number };
  /** The connection is cut once this many bytes of a literal longer than that reached the client. */
  cutLiteralAfter?: number;
  /** Every SELECT, EXAMINE and STATUS (LIST-STATUS too) answers a UIDVALIDITY never given before. */
  flipUidValidity?: boolean;
  /**
   * Once the client selected a folder, the connection gets an endless stream of untagged
   * `* 1 FETCH (FLAGS ...)` responses, as fast as the client reads them, between the server's own.
   */
  flood?: boolean;
  /** A FETCH of whole messages (BODY[] or BODY.PEEK[]) is answered with a literal of this many bytes, however small the message. */
  hugeLiteral?: number;
}

export interface HostileImapProxy {
  port: number;
  /** LOGIN and AUTHENTICATE commands that reached the proxy. */
  logins(): number;
  /** How many times the client sent this command (e.g. 'SELECT', 'UID FETCH'). */
  commands(name: string): number;
  /** Bytes of flood sent so far, to every connection. */
  floodedBytes(): number;
  /** Bytes of huge literals sent so far, to every connection. */
  hugeLiteralBytes(): number;
  /** Applies from the next byte on, to open connections and new ones. */
  behave(behaviour: HostileBehaviour): void;
  /** Cuts every open connection; new ones are still accepted. */
  cutAll(): void;
  close(): Promise<void>;
}

export const hostileGarbage = Buffer.from('\u0000\u00ff)( NOT IMAP {x} \u00fe\u0007\r\n', 'latin1');

/** 'SELECT' for `a1 SELECT INBOX`, 'UID FETCH' for `a2 uid fetch 1:* FLAGS`; null for anything else. */
function commandOf(line: Buffer): string | null {
  const [, name, subcommand] = line.toString('latin1').trimEnd().split(' ');
  if (!name) return null;
  return name.toUpperCase() === 'UID' && subcommand ? `UID ${subcommand.toUpperCase()}` : name.toUpperCase();
}

const literalAnnounced = /\{\d+\+?\}\r\n$/;
const floodChunk = Buffer.from('* 1 FETCH (FLAGS (\\Seen \\Flagged))\r\n'.repeat(2_000), 'latin1');

const wholeMessage = /BODY(\.PEEK)?\[\]/i;
const hugeChunk = Buffer.alloc(1024 * 1024, 'x');

const uidValidityIn = /^(\* OK \[UIDVALIDITY |\* STATUS .*[( ]UIDVALIDITY )\d+/i;

let certificates = 0;

export async function startHostileImapProxy(
  stack: Pick<MailStack, 'ca' | 'dovecot'>,
  initial: HostileBehaviour = {},
): Promise<HostileImapProxy> {
  const certificate = await stack.ca.issue(`hostile-imap-${++certificates}`, ['IP:127.0.0.1', 'DNS:localhost']);
  let behaviour = initial;
  let logins = 0;
  let flippedUidValidity = 3_000_000_000;
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const floods = new Set<() => void>();
  let floodedBytes = 0;
  let hugeLiteralBytes = 0;

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
    const toClient = createOutlet(client, () => behaviour.drip);
    let selected = false;
    // Flood goes in only between the server's responses, never inside one or its literal.
    let betweenResponses = true;
    let flooding = false;
    const flood = () => {
      if (flooding || !behaviour.flood || !selected || !betweenResponses || client.destroyed) return;
      flooding = true;
      const more = () => {
        flooding = false;
        if (!behaviour.flood || !betweenResponses || client.destroyed) return;
        floodedBytes += floodChunk.length;
        flooding = true;
        if (client.write(floodChunk)) setImmediate(more);
        else client.once('drain', more);
      };
      setImmediate(more);
    };
    /** The announcement, then `size` bytes as fast as the client reads them, then the tagged answer. */
    const sendHugeLiteral = (tag: string, size: number) => {
      client.write(`* 1 FETCH (UID 1 BODY[] {${size}}\r\n`);
      let left = size;
      const more = () => {
        while (left > 0 && !client.destroyed) {
          const chunk = hugeChunk.subarray(0, Math.min(left, hugeChunk.length));
          left -= chunk.length;
          hugeLiteralBytes += chunk.length;
          if (!client.write(chunk)) {
            client.once('drain', more);
            return;
          }
        }
        if (!client.destroyed) client.write(`)\r\n${tag} OK FETCH completed\r\n`);
      };
      more();
    };
    floods.add(flood);
    client.on('close', () => floods.delete(flood));

    client.on(
      'data',
      createImapSplitter((piece) => {
        const command = piece.kind === 'line' && !piece.continues ? commandOf(piece.bytes) : null;
        if (command) {
          counts.set(command, (counts.get(command) ?? 0) + 1);
          if (command === 'LOGIN' || command === 'AUTHENTICATE') logins += 1;
          if (command === 'SELECT' || command === 'EXAMINE') selected = true;
          if (command === behaviour.dropOn?.toUpperCase()) {
            client.destroy();
            return;
          }
          if (command === behaviour.byeOn?.toUpperCase()) {
            toClient.write(Buffer.from('* BYE The hostile proxy closes this connection\r\n'), { thenCut: true });
            return;
          }
          if (behaviour.hugeLiteral && command === 'UID FETCH' && wholeMessage.test(piece.bytes.toString('latin1'))) {
            sendHugeLiteral(piece.bytes.toString('latin1').split(' ')[0]!, behaviour.hugeLiteral);
            return;
          }
          if (command === behaviour.garbageOn?.toUpperCase()) {
            toClient.write(hostileGarbage);
            return;
          }
        }
        upstream.write(piece.bytes);
      }),
    );

    upstream.on(
      'data',
      createImapSplitter((piece: ImapPiece) => {
        betweenResponses = piece.kind === 'line' && !literalAnnounced.test(piece.bytes.toString('latin1'));
        if (betweenResponses) setImmediate(flood);
        if (piece.kind === 'line' && behaviour.flipUidValidity) {
          const line = piece.bytes.toString('latin1').replace(uidValidityIn, (_, head: string) => {
            flippedUidValidity += 1;
            return `${head}${flippedUidValidity}`;
          });
          toClient.write(Buffer.from(line, 'latin1'));
          return;
        }
        const cutAfter = behaviour.cutLiteralAfter;
        if (piece.kind === 'literal' && cutAfter !== undefined && piece.size > cutAfter) {
          const allowed = Math.max(0, cutAfter - piece.offset);
          if (allowed < piece.bytes.length) {
            toClient.write(piece.bytes.subarray(0, allowed), { thenCut: true });
            return;
          }
        }
        toClient.write(piece.bytes);
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

  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    logins: () => logins,
    commands: (name) => counts.get(name.toUpperCase()) ?? 0,
    floodedBytes: () => floodedBytes,
    hugeLiteralBytes: () => hugeLiteralBytes,
    behave(next) {
      behaviour = next;
      for (const flood of floods) flood();
    },
    cutAll,
    close: () =>
      new Promise((done) => {
        cutAll();
        server.close(() => done());
      }),
  };
}

/**
 * The way to the client: at once, or `bytes` every `everyMs` while `drip()` says so. `thenCut`
 * closes the connection once those bytes are out (and drops whatever the server sends after them).
 */
function createOutlet(socket: net.Socket, drip: () => HostileBehaviour['drip']) {
  let queued: Buffer = Buffer.alloc(0);
  let timer: NodeJS.Timeout | undefined;
  let lastSentAt = -Infinity;
  let cutting = false;
  socket.on('close', () => clearTimeout(timer));

  const send = () => {
    timer = undefined;
    const pace = drip();
    const chunk = queued.subarray(0, pace ? pace.bytes : queued.length);
    queued = queued.subarray(chunk.length);
    lastSentAt = Date.now();
    const last = queued.length === 0;
    socket.write(chunk, () => last && cutting && socket.destroy());
    if (!last) schedule();
  };
  const schedule = () => {
    const pace = drip();
    timer = setTimeout(send, pace ? Math.max(0, lastSentAt + pace.everyMs - Date.now()) : 0);
  };

  return {
    write(bytes: Buffer, options: { thenCut?: boolean } = {}) {
      if (cutting) return;
      cutting = options.thenCut === true;
      queued = Buffer.concat([queued, bytes]);
      if (timer) return;
      if (drip()) schedule();
      else send();
    },
  };
}
