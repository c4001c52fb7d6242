// SMTP submission for the stack: XOAUTH2 with tokens checked by introspection, and PLAIN or LOGIN
// with the app password of a user who has one (as Dovecot takes it); the envelope sender must be
// the signed-in user, and accepted mail goes straight into Dovecot over LMTP before the client
// hears 250.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { DoveadmError } from './dovecot';
import { deliverOverLmtp } from './lmtp-client';
import { ReplyGate } from './reply-gate';
import { grants, introspectToken } from './token-introspection';
import type { AuthServer, Dovecot, StackUser, Submission, TestCa } from './types';

export interface StartSubmissionOptions {
  dir: string;
  ca: TestCa;
  auth: AuthServer;
  dovecot: Dovecot;
  /** Users whose app password (if any) signs in with PLAIN or LOGIN. */
  users?: StackUser[];
  maxMessageBytes?: number;
}

const samePassword = (given: string, expected: string) => {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
};

const SMTP_SCOPE = 'mail.smtp';
// A provider that takes large messages (Fastmail's limit is 70 MB), so a 20 MB attachment can go out.
const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** doveadm's exit code for a user the userdb does not know (EX_NOUSER). */
const NO_SUCH_USER = 67;

export async function startSubmission(opts: StartSubmissionOptions): Promise<Submission> {
  const certificate = await opts.ca.issue('submission', ['IP:127.0.0.1', 'DNS:localhost']);
  const gate = new ReplyGate();
  const options: SMTPServerOptions = {
    name: 'localhost',
    banner: 'Harbor test stack submission',
    key: certificate.keyPem,
    cert: certificate.certPem,
    authMethods: ['XOAUTH2', 'PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    size: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      if (auth.method !== 'XOAUTH2') {
        const found = opts.users?.find((candidate) => candidate.email.toLowerCase() === user.toLowerCase());
        if (found?.appPassword && samePassword(auth.password ?? '', found.appPassword))
          return callback(null, { user: found.email.toLowerCase() });
        return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      }
      introspectToken(opts.auth.introspection, opts.ca.caPem, auth.accessToken ?? '').then(
        (result) => {
          if (auth.method === 'XOAUTH2' && grants(result, SMTP_SCOPE, user)) {
            callback(null, { user: user.toLowerCase() });
          } else {
            // Google-style XOAUTH2 error challenge; the client's empty reply then gets 535.
            callback(null, { data: { status: '401', schemes: 'bearer', scope: SMTP_SCOPE } });
          }
        },
        () => callback(smtpError(454, '4.7.0 Temporary authentication failure')),
      );
    },
    onMailFrom(address, session, callback) {
      const owner = sessionUser(session);
      if (address.address.toLowerCase() === owner) return callback();
      callback(smtpError(553, `5.7.1 Sender <${address.address}> is not the signed-in user <${owner}>`));
    },
    onRcptTo(address, _session, callback) {
      opts.dovecot.doveadm(['user', address.address]).then(
        () => callback(),
        (error: unknown) =>
          error instanceof DoveadmError && error.exitCode === NO_SUCH_USER
            ? callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`))
            : callback(smtpError(451, '4.3.0 Recipient lookup failed, try again later')),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
        deliver(opts.dovecot, session, Buffer.concat(chunks))
          .then(() => gate.passed())
          .then(
            () => callback(null, `2.0.0 Delivered as ${randomUUID()}`),
            (error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)),
          );
      });
    },
  };

  const implicitTls = new SMTPServer({ ...options, secure: true });
  const starttls = new SMTPServer({ ...options, secure: false, hideSTARTTLS: false });
  const [tlsPort, starttlsPort] = await Promise.all([listen(implicitTls), listen(starttls)]);
  for (const server of [implicitTls, starttls]) {
    // Clients that vanish mid-handshake surface as server errors; they must not crash the run.
    server.on('error', () => undefined);
  }

  return {
    tlsPort,
    starttlsPort,
    holdReplies: (on) => gate.hold(on),
    async close() {
      gate.hold(false);
      await Promise.all([closeServer(implicitTls), closeServer(starttls)]);
    },
  };
}

/** Deliver to every recipient over LMTP; any refusal fails the whole message. */
async function deliver(dovecot: Dovecot, session: SMTPServerSession, message: Buffer): Promise<void> {
  const { mailFrom, rcptTo } = session.envelope;
  const results = await deliverOverLmtp(dovecot.lmtpSocket, {
    from: mailFrom ? mailFrom.address : '',
    recipients: rcptTo.map((recipient) => recipient.address),
    message,
  });
  const failed = results.filter((result) => !result.delivered);
  if (failed.length > 0) {
    throw new Error(
      `Delivery failed: ${failed.map((result) => `<${result.recipient}> ${result.code} ${result.text}`).join('; ')}`,
    );
  }
}

function sessionUser(session: SMTPServerSession): string {
  return typeof session.user === 'string' ? session.user : '';
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

function listen(server: SMTPServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('SMTP server has no port'));
    });
  });
}

function closeServer(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
