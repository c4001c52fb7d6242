import type net from 'node:net';
import type tls from 'node:tls';
import { AppError } from '../../shared/errors';
import type { ParsedServerProbeInput, ProbeStep, ServerProbeResult } from '../../shared/models';
import { pinnedCertificateError } from '../tls/certificate-trust-options';
import { withinDeadline, type CheckLimits } from './check-deadline';
import { LineReader } from './line-reader';
import { connectPlain, connectTls, describeConnectionError, upgradeToTls, type ConnectOptions } from './secure-socket';

type ImapProbeInput = ParsedServerProbeInput;

// Any address will do for a server that only needs one to run its OAuth check.
const placeholderAddress = 'discovery@example.invalid';

export interface ImapProbeOptions extends Omit<ConnectOptions, 'deadline'>, CheckLimits {
  onStep?: (step: ProbeStep['step']) => void;
}

const trustOf = (options: ConnectOptions) => ({ extraCa: options.extraCa ?? [], pinned: options.pinned });

interface Session {
  socket: tls.TLSSocket;
  reader: LineReader;
  tagCounter: number;
}

async function command(session: Session, text: string): Promise<{ untagged: string[]; status: string }> {
  const tag = `h${++session.tagCounter}`;
  session.socket.write(`${tag} ${text}\r\n`);
  return readUntilTagged(session, tag);
}

async function readUntilTagged(session: Session, tag: string): Promise<{ untagged: string[]; status: string }> {
  const untagged: string[] = [];
  for (;;) {
    const line = await session.reader.next();
    if (line.startsWith(`${tag} `)) return { untagged, status: line.slice(tag.length + 1) };
    untagged.push(line);
  }
}

function parseCapabilities(lines: string[]): string[] {
  const line = lines.find((candidate) => /^\* CAPABILITY /i.test(candidate));
  return line ? line.slice('* CAPABILITY '.length).trim().split(/\s+/) : [];
}

async function openStartTls(input: ImapProbeInput, options: ConnectOptions): Promise<Session> {
  const plain: net.Socket = await connectPlain(input.host, input.port, options);
  try {
    const reader = new LineReader(plain);
    const greeting = await reader.next();
    // A plaintext PREAUTH would mean the session is already authenticated without TLS (E3).
    if (!/^\* OK\b/i.test(greeting)) throw new AppError('PROTOCOL_ERROR', 'The server refused to start a session.');
    plain.write('s0 STARTTLS\r\n');
    let reply = await reader.next();
    while (!reply.startsWith('s0 ')) reply = await reader.next();
    if (!/^s0 OK\b/i.test(reply)) {
      throw new AppError(
        'TLS_FAILED',
        `${input.host}:${input.port} does not offer STARTTLS; the app never connects without TLS.`,
      );
    }
    // Bytes that arrived between the OK and the handshake could be injected by a man in the middle.
    if (reader.detach().length > 0) throw new AppError('TLS_FAILED', 'The server sent data before TLS started.');
    const socket = await upgradeToTls(plain, input.host, input.port, options);
    return { socket, reader: new LineReader(socket), tagCounter: 0 };
  } catch (error) {
    plain.destroy();
    throw error;
  }
}

async function openSession(input: ImapProbeInput, options: ConnectOptions): Promise<Session> {
  if (input.security === 'starttls') return openStartTls(input, options);
  const socket = await connectTls(input.host, input.port, options);
  try {
    const reader = new LineReader(socket);
    const greeting = await reader.next();
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting))
      throw new AppError('PROTOCOL_ERROR', 'The server refused to start a session.');
    return { socket, reader, tagCounter: 0 };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

type AnnouncedOAuth = NonNullable<ServerProbeResult['oauth']>;

function readOAuthChallenge(challenge: string): AnnouncedOAuth | null {
  try {
    const json = JSON.parse(Buffer.from(challenge, 'base64').toString('utf8')) as Record<string, unknown>;
    const url = json['openid-configuration'];
    if (typeof url !== 'string' || new URL(url).protocol !== 'https:') return null;
    const scope = json['scope'];
    return typeof scope === 'string' && scope.trim() !== ''
      ? { openidConfigurationUrl: url, scope: scope.trim() }
      : { openidConfigurationUrl: url };
  } catch {
    return null;
  }
}

/**
 * RFC 7628 §3.2.2: an OAUTHBEARER attempt with a token the server cannot accept is answered
 * with a JSON challenge that may name the issuer's openid-configuration. That is how a mail
 * server tells us where to sign in.
 */
async function discoverOAuth(
  session: Session,
  input: ImapProbeInput,
  capabilities: string[],
): Promise<AnnouncedOAuth | null> {
  // RFC 5801 saslname: ',' and '=' are escaped.
  const authzid = (input.email ?? placeholderAddress).replace(/=/g, '=3D').replace(/,/g, '=2C');
  const initial = Buffer.from(
    `n,a=${authzid},\x01host=${input.host}\x01port=${input.port}\x01auth=Bearer probe\x01\x01`,
  ).toString('base64');
  const tag = `h${++session.tagCounter}`;
  const saslIr = capabilities.some((capability) => capability.toUpperCase() === 'SASL-IR');
  session.socket.write(
    saslIr ? `${tag} AUTHENTICATE OAUTHBEARER ${initial}\r\n` : `${tag} AUTHENTICATE OAUTHBEARER\r\n`,
  );
  let line = await session.reader.next();
  if (!saslIr && line.startsWith('+')) {
    session.socket.write(`${initial}\r\n`);
    line = await session.reader.next();
  }
  let announced: AnnouncedOAuth | null = null;
  if (line.startsWith('+ ')) {
    announced = readOAuthChallenge(line.slice(2).trim());
    session.socket.write('AQ==\r\n');
    line = await session.reader.next();
  }
  while (!line.startsWith(`${tag} `)) line = await session.reader.next();
  return announced;
}

/**
 * Connects over verified TLS, reads what the server offers and where it sends clients to sign in;
 * ended by its deadline or the person's Cancel whatever the server sends.
 */
export function probeImapServer(input: ImapProbeInput, options: ImapProbeOptions): Promise<ServerProbeResult> {
  return withinDeadline(input, 'server check', options, (deadline) => probe(input, { ...options, deadline }));
}

async function probe(input: ImapProbeInput, options: ImapProbeOptions & ConnectOptions): Promise<ServerProbeResult> {
  options.onStep?.('connecting');
  let session: Session;
  try {
    session = await openSession(input, options);
  } catch (error) {
    throw (
      pinnedCertificateError(error, trustOf(options), input.host, input.port) ??
      describeConnectionError(error, input.host, input.port)
    );
  }
  try {
    options.onStep?.('tls-established');
    const capabilities = parseCapabilities((await command(session, 'CAPABILITY')).untagged);
    options.onStep?.('capabilities');
    const authMechanisms = capabilities.filter((c) => /^AUTH=/i.test(c)).map((c) => c.slice(5).toUpperCase());
    let oauth: AnnouncedOAuth | null = null;
    if (authMechanisms.includes('OAUTHBEARER')) {
      options.onStep?.('oauth-discovery');
      oauth = await discoverOAuth(session, input, capabilities);
    }
    session.socket.write(`h${++session.tagCounter} LOGOUT\r\n`);
    options.onStep?.('done');
    return {
      host: input.host,
      port: input.port,
      tls: { protocol: session.socket.getProtocol() ?? 'unknown', authorized: true },
      capabilities,
      authMechanisms,
      oauth,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'ETIMEDOUT') throw describeConnectionError(error, input.host, input.port);
    throw new AppError('PROTOCOL_ERROR', `${input.host}:${input.port} did not answer like an IMAP server.`);
  } finally {
    session.socket.destroy();
  }
}
