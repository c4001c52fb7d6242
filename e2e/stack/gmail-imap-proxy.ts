// The Gmail-shaped server's front: a TLS proxy (certificate from the stack's CA) before the
// Gmail-shaped Dovecot that adds Gmail's IMAP extension X-GM-EXT-1. It announces the capability,
// answers FETCH X-GM-MSGID / X-GM-THRID / X-GM-LABELS by asking Dovecot for each message's
// X-GUID and looking it up in the account's label index, carries out STORE X-GM-LABELS with
// doveadm, and turns SEARCH X-GM-RAW into plain IMAP search keys. Everything else passes as is.
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { changeLabels, type LabelOperation } from './gmail-label-changes';
import {
  formatLabel,
  gmailLabels,
  gmailMessageId,
  gmailThreadId,
  readGmailLabelIndex,
  type GmailLabelIndex,
} from './gmail-label-index';
import { translateGmailRaw } from './gmail-raw-search';
import { createImapSplitter, type ImapPiece } from './imap-pieces.test-support';
import type { Dovecot, TestCa } from './types';

export interface GmailImapProxy {
  port: number;
  /** How many FETCH commands that asked for a whole or partial body (BODY[…] or BINARY[…]) passed, per account. */
  bodyFetches(user: string): number;
  close(): Promise<void>;
}

type GmItem = 'X-GM-MSGID' | 'X-GM-THRID' | 'X-GM-LABELS';
const GM_ITEMS: GmItem[] = ['X-GM-MSGID', 'X-GM-THRID', 'X-GM-LABELS'];

interface PendingStore {
  tag: string;
  operation: LabelOperation;
  labels: string[];
  silent: boolean;
  held: Buffer[];
}

export async function startGmailImapProxy(dovecot: Dovecot, ca: TestCa): Promise<GmailImapProxy> {
  const certificate = await ca.issue('gmail-imap', ['IP:127.0.0.1', 'DNS:localhost']);
  const bodyFetches = new Map<string, number>();
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer(
    { cert: certificate.certPem, key: certificate.keyPem, minVersion: 'TLSv1.2' },
    (client) => {
      const upstream = tls.connect({
        host: '127.0.0.1',
        port: dovecot.imapPort,
        ca: ca.caPem,
        servername: 'localhost',
      });
      sockets.add(client);
      sockets.add(upstream);
      const session = new ProxySession(dovecot, client, upstream, (user) =>
        bodyFetches.set(user, (bodyFetches.get(user) ?? 0) + 1),
      );
      const end = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.on(
        'data',
        createImapSplitter((piece) => session.fromClient(piece)),
      );
      upstream.on(
        'data',
        createImapSplitter((piece) => session.fromServer(piece)),
      );
    },
  );
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bodyFetches: (user) => bodyFetches.get(user) ?? 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class ProxySession {
  private user = '';
  private saslMechanism: string | null = null;
  private index: GmailLabelIndex | null = null;
  /** X-GM items each FETCH in flight asked for, by tag. */
  private readonly gmFetches = new Map<string, GmItem[]>();
  private store: PendingStore | null = null;
  private clientQueue = Promise.resolve();
  private serverQueue = Promise.resolve();

  constructor(
    private readonly dovecot: Dovecot,
    private readonly client: tls.TLSSocket,
    private readonly upstream: tls.TLSSocket,
    private readonly countBodyFetch: (user: string) => void,
  ) {}

  fromClient(piece: ImapPiece): void {
    this.clientQueue = this.clientQueue.then(() => this.handleClient(piece)).catch((error: Error) => this.fail(error));
  }

  fromServer(piece: ImapPiece): void {
    this.serverQueue = this.serverQueue.then(() => this.handleServer(piece)).catch((error: Error) => this.fail(error));
  }

  private fail(error: Error): void {
    this.client.end(`* BYE [SERVERBUG] Gmail proxy: ${error.message.replace(/\s+/g, ' ')}\r\n`);
  }

  private async handleClient(piece: ImapPiece): Promise<void> {
    if (piece.kind === 'literal' || piece.continues) return void this.upstream.write(piece.bytes);
    const line = piece.bytes.toString('latin1').replace(/\r\n$/, '');
    if (this.saslMechanism) {
      this.noteSaslUser(this.saslMechanism, line);
      this.saslMechanism = null;
      return void this.upstream.write(piece.bytes);
    }
    const match = /^(\S+) (UID )?(\S+)(?: (.*))?$/i.exec(line);
    if (!match) return void this.upstream.write(piece.bytes);
    const [, tag = '', uid = '', verb = '', rest = ''] = match;
    const command = verb.toUpperCase();
    if (command === 'AUTHENTICATE') this.noteAuthenticate(rest);
    if (command === 'LOGIN') this.user = unquote(/^("(?:[^"\\]|\\.)*"|\S+)/.exec(rest)?.[1] ?? '');
    if (command === 'FETCH' && /(BODY(\.PEEK)?|BINARY(\.PEEK)?)\[/i.test(rest)) this.countBodyFetch(this.user);
    if (command === 'FETCH' && /X-GM-/i.test(rest)) return this.forwardGmFetch(tag, uid, rest);
    if (command === 'STORE' && /X-GM-LABELS/i.test(rest)) return this.forwardLabelStore(tag, uid, rest);
    if (command === 'SEARCH' && /X-GM-RAW/i.test(rest)) {
      return void this.upstream.write(`${tag} ${uid}SEARCH ${translateGmailRaw(rest)}\r\n`);
    }
    this.upstream.write(piece.bytes);
  }

  private noteAuthenticate(rest: string): void {
    const [mechanism = '', initial] = rest.split(' ');
    if (initial === undefined) this.saslMechanism = mechanism.toUpperCase();
    else this.noteSaslUser(mechanism.toUpperCase(), initial);
  }

  private noteSaslUser(mechanism: string, base64: string): void {
    const decoded = Buffer.from(base64, 'base64').toString('utf8');
    const user =
      mechanism === 'XOAUTH2'
        ? decoded.split('\u0001')[0]?.replace(/^user=/, '')
        : mechanism === 'OAUTHBEARER'
          ? /^n,a=([^,]*),/.exec(decoded)?.[1]
          : mechanism === 'PLAIN'
            ? decoded.split('\0')[1]
            : undefined;
    if (user) this.user = user;
  }

  /** The X-GM items are taken out and X-GUID put in; the index is read before Dovecot answers. */
  private async forwardGmFetch(tag: string, uid: string, rest: string): Promise<void> {
    const wanted = GM_ITEMS.filter((item) => new RegExp(`\\b${item}\\b`, 'i').test(rest));
    let items = rest;
    for (const item of GM_ITEMS) items = items.replace(new RegExp(`\\s*\\b${item}\\b`, 'gi'), '');
    items = /^\S+ \(/.test(items)
      ? items.replace(/^(\S+) \(\s*/, '$1 (X-GUID ')
      : items.replace(/^(\S+)\s*(.*)$/, '$1 (X-GUID $2)');
    items = items.replace(/\(X-GUID \)/, '(X-GUID)');
    this.gmFetches.set(tag, wanted);
    // X-GM-MSGID needs only the GUID (imapflow asks it with every FETCH); threads and labels the index.
    if (wanted.some((item) => item !== 'X-GM-MSGID')) this.index = await readGmailLabelIndex(this.dovecot, this.user);
    this.upstream.write(`${tag} ${uid}FETCH ${items}\r\n`);
  }

  /** Asked as a FETCH of each message's X-GUID; the answers are held until the labels changed. */
  private forwardLabelStore(tag: string, uid: string, rest: string): void {
    const match = /^(\S+) ([+-]?)X-GM-LABELS(\.SILENT)? (.*)$/i.exec(rest);
    if (!match) return void this.client.write(`${tag} BAD Could not parse the X-GM-LABELS store\r\n`);
    const [, set = '', sign, silent, list = ''] = match;
    const operation: LabelOperation = sign === '+' ? 'add' : sign === '-' ? 'remove' : 'replace';
    this.store = { tag, operation, labels: parseLabelList(list), silent: Boolean(silent), held: [] };
    this.upstream.write(`${tag} ${uid}FETCH ${set} (UID X-GUID)\r\n`);
  }

  private async handleServer(piece: ImapPiece): Promise<void> {
    if (this.store) return this.holdForStore(piece);
    if (piece.kind === 'literal') return void this.client.write(piece.bytes);
    let line = piece.bytes.toString('latin1');
    if (/CAPABILITY /.test(line) && /^(\*|\S+ OK)/.test(line))
      line = line.replace(/\bIMAP4rev1\b/, 'IMAP4rev1 X-GM-EXT-1');
    if (/X-GUID /.test(line)) line = await this.rewriteGuid(line, this.wantedItems());
    const tag = /^(\S+) (OK|NO|BAD) /.exec(line)?.[1];
    if (tag) this.gmFetches.delete(tag);
    this.client.write(Buffer.from(line, 'latin1'));
  }

  private wantedItems(): GmItem[] {
    return [...new Set([...this.gmFetches.values()].flat())];
  }

  private async rewriteGuid(line: string, items: GmItem[]): Promise<string> {
    const guid = /X-GUID ("(?:[^"\\]|\\.)*"|[^\s)]+)/.exec(line)?.[1];
    if (guid === undefined) return line;
    const key = unquote(guid);
    const needsIndex = items.some((item) => item !== 'X-GM-MSGID');
    if (needsIndex && !this.index?.byGuid.has(key)) this.index = await readGmailLabelIndex(this.dovecot, this.user);
    const index = this.index as GmailLabelIndex;
    const values = items.map((item) =>
      item === 'X-GM-MSGID'
        ? `X-GM-MSGID ${gmailMessageId(key)}`
        : item === 'X-GM-THRID'
          ? `X-GM-THRID ${gmailThreadId(index, key)}`
          : `X-GM-LABELS (${gmailLabels(index, key).map(formatLabel).join(' ')})`,
    );
    const replacement = values.join(' ');
    return line.replace(`X-GUID ${guid}`, replacement).replace(/\( /, '(').replace(/ \)/, ')').replace(/ {2,}/g, ' ');
  }

  private async holdForStore(piece: ImapPiece): Promise<void> {
    const store = this.store as PendingStore;
    store.held.push(piece.bytes);
    const line = piece.kind === 'line' ? piece.bytes.toString('latin1') : '';
    const done = new RegExp(`^${escapeRegExp(store.tag)} (OK|NO|BAD) `).exec(line);
    if (!done) return;
    this.store = null;
    if (done[1] !== 'OK') return void this.client.write(Buffer.concat(store.held));
    try {
      const fetched = store.held.slice(0, -1).map((bytes) => bytes.toString('latin1'));
      const guids = fetched.flatMap((text) => /X-GUID ("(?:[^"\\]|\\.)*"|[^\s)]+)/.exec(text)?.[1] ?? []);
      let index = await readGmailLabelIndex(this.dovecot, this.user);
      for (const guid of guids)
        await changeLabels(this.dovecot, this.user, index, unquote(guid), store.operation, store.labels);
      index = await readGmailLabelIndex(this.dovecot, this.user);
      this.index = index;
      for (const text of fetched) {
        if (!/X-GUID /.test(text)) this.client.write(Buffer.from(text, 'latin1'));
        else if (!store.silent) this.client.write(Buffer.from(await this.rewriteGuid(text, ['X-GM-LABELS']), 'latin1'));
      }
      this.client.write(`${store.tag} OK Store completed (labels changed).\r\n`);
    } catch (error) {
      this.client.write(`${store.tag} NO [SERVERBUG] ${(error as Error).message.replace(/\s+/g, ' ')}\r\n`);
    }
  }
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `(\Inbox "My label" Work)` or a single label. */
export function parseLabelList(list: string): string[] {
  const body = list.trim().replace(/^\(/, '').replace(/\)$/, '');
  return [...body.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''),
  );
}
