// Small helpers shared by the stack tests: real tokens from the authorization server and IMAP
// clients that trust only the test CA.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { signInProgrammatically } from './oauth-test-client';
import type { AuthServer, Dovecot, MailStack, StackUser, TestCa } from './types';

export async function accessTokenFor(
  auth: AuthServer,
  ca: TestCa,
  user: StackUser,
  scope = 'mail.imap mail.smtp',
): Promise<string> {
  const tokens = await signInProgrammatically({
    issuer: auth.issuer,
    caPem: ca.caPem,
    clientId: auth.appClientId,
    email: user.email,
    password: user.password,
    scope,
  });
  return tokens.accessToken;
}

export function imapClient(
  dovecot: Pick<Dovecot, 'imapPort'>,
  ca: TestCa,
  user: string,
  accessToken: string,
): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    secure: true,
    tls: { ca: ca.caPem, servername: 'localhost' },
    auth: { user, accessToken },
    logger: false,
  });
}

/** Connect, run `use`, and always close the connection (a failed connect included). */
export async function withImap<T>(client: ImapFlow, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  try {
    await client.connect();
    return await use(client);
  } finally {
    if (client.usable) await client.logout();
    else client.close();
  }
}

/** Mail from one stack user to others over the submission server, which answers 250 once Dovecot has it. */
export async function sendOverSubmission(
  stack: MailStack,
  from: StackUser,
  to: StackUser[],
  subject: string,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: stack.submission.tlsPort,
    secure: true,
    tls: { ca: stack.ca.caPem, servername: 'localhost' },
    auth: { type: 'OAuth2', user: from.email, accessToken: await accessTokenFor(stack.auth, stack.ca, from) },
  });
  try {
    await transport.sendMail({ from: from.email, to: to.map((user) => user.email), subject, text: 'Just arrived.' });
  } finally {
    transport.close();
  }
}
