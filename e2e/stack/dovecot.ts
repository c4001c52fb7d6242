// The stack's own Dovecot: started from a generated config under the stack's folder, running as
// an unprivileged account, ready once a real AUTHENTICATE round-trip reaches its oauth2 passdb.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  SPECIAL_USE_FOLDERS,
  dovecotLayout,
  renderDovecotConfig,
  renderAppPasswordsFile,
  renderOauth2Passdb,
  renderUsersFile,
  type DovecotConfigInput,
  type DovecotLayout,
} from './dovecot-config';
import { findFreePort } from './free-port';
import { gmailVirtualFiles, renderGmailMailSection } from './gmail-layout';
import { probeImapSasl } from './imap-sasl-probe';
import { startProcessGroup, type ProcessGroup } from './process-group';
import { handOver, resolveRunAs, type RunAs } from './run-as';
import type { AuthServer, Dovecot, StackUser, TestCa } from './types';

export interface StartDovecotOptions {
  dir: string;
  ca: TestCa;
  auth: AuthServer;
  users: StackUser[];
  /** 'gmail': Gmail's folder layout (see gmail-layout.ts) in a folder of its own under `dir`. Default 'plain'. */
  shape?: 'plain' | 'gmail';
}

const PORT_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 20_000;

export async function startDovecot(opts: StartDovecotOptions): Promise<Dovecot> {
  const gmail = opts.shape === 'gmail';
  // A short folder name: Dovecot's deepest socket (run/token-login/imap-urlauth) must stay within
  // the 107 bytes of a Unix socket path also under a sandbox's longer stack folder.
  const layout = dovecotLayout(gmail ? path.join(opts.dir, 'gm') : opts.dir);
  const runAs = await resolveRunAs();
  await prepareFolders(opts, layout, runAs);

  for (let attempt = 1; ; attempt++) {
    const imapPort = await findFreePort();
    const input: DovecotConfigInput = {
      layout,
      imapPort,
      runAs,
      introspection: opts.auth.introspection,
      openidConfigurationUrl: `${opts.auth.issuer}/.well-known/openid-configuration`,
      imapScope: 'mail.imap',
      ...(gmail ? { mailSection: renderGmailMailSection(), instanceLabel: 'gmail' } : {}),
    };
    await writeConfig(input, opts.users, runAs);
    const server = startProcessGroup('dovecot', ['-F', '-c', layout.configFile], { uid: runAs.uid, gid: runAs.gid });
    try {
      await waitUntilReady(server, input, opts);
    } catch (error) {
      await server.stop();
      const log = await readLogTail(layout);
      if (attempt < PORT_ATTEMPTS && /Address already in use/.test(log + server.stderrTail())) continue;
      throw new Error(`Dovecot did not become ready: ${(error as Error).message}\n${server.stderrTail()}${log}`);
    }
    return {
      imapPort,
      lmtpSocket: path.join(layout.baseDir, 'lmtp'),
      configFile: layout.configFile,
      logFile: layout.logFile,
      doveadm: (args, stdin) => runDoveadm(layout.configFile, args, stdin),
      close: () => server.stop(),
    };
  }
}

/** Folders owned by the run-as account; each user's Maildir++ with the special-use folders. */
async function prepareFolders(opts: StartDovecotOptions, layout: DovecotLayout, runAs: RunAs): Promise<void> {
  if (runAs.isOtherUser) {
    // The unprivileged account must be able to reach its folders inside the stack's folder.
    await mkdir(path.dirname(layout.confDir), { recursive: true });
    for (const folder of new Set([opts.dir, path.dirname(layout.confDir)])) {
      const { mode } = await stat(folder);
      await chmod(folder, mode | 0o111);
    }
  }
  await mkdir(path.dirname(layout.certFile), { recursive: true });
  await mkdir(layout.baseDir, { recursive: true });
  await mkdir(layout.stateDir, { recursive: true });
  const certificate = await opts.ca.issue('dovecot', ['IP:127.0.0.1', 'DNS:localhost']);
  await writeFile(layout.certFile, certificate.certPem);
  await writeFile(layout.keyFile, certificate.keyPem, { mode: 0o600 });
  await writeFile(layout.caFile, opts.ca.caPem);
  await mkdir(layout.mailRoot, { recursive: true });
  for (const user of opts.users) {
    if (opts.shape === 'gmail') {
      await prepareGmailHome(path.join(layout.mailRoot, user.email));
      continue;
    }
    const maildir = path.join(layout.mailRoot, user.email, 'Maildir');
    const folders = [maildir, ...SPECIAL_USE_FOLDERS.map((folder) => path.join(maildir, `.${folder.name}`))];
    for (const folder of folders) {
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(folder, sub), { recursive: true });
      if (folder !== maildir) await writeFile(path.join(folder, 'maildirfolder'), '');
    }
  }
  await handOver(layout.confDir, runAs);
  await handOver(layout.mailRoot, runAs);
}

/** INBOX's Maildir and one dovecot-virtual file per `[Gmail]/` folder; Dovecot creates the backing folders. */
async function prepareGmailHome(home: string): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(home, 'Maildir', sub), { recursive: true });
  for (const [name, content] of gmailVirtualFiles()) {
    await mkdir(path.join(home, 'virtual', name), { recursive: true });
    await writeFile(path.join(home, 'virtual', name, 'dovecot-virtual'), content);
  }
}

async function writeConfig(input: DovecotConfigInput, users: StackUser[], runAs: RunAs): Promise<void> {
  const { layout } = input;
  await writeFile(layout.configFile, renderDovecotConfig(input));
  await writeFile(layout.oauth2File, renderOauth2Passdb(input), { mode: 0o600 });
  await writeFile(layout.usersFile, renderUsersFile(input, users));
  await writeFile(layout.appPasswordsFile, renderAppPasswordsFile(await hashAppPasswords(layout, users)), {
    mode: 0o600,
  });
  const files = [layout.configFile, layout.oauth2File, layout.usersFile, layout.appPasswordsFile];
  for (const file of files) await handOver(file, runAs);
}

/** Hashes each app password with `doveadm pw` (SHA512-CRYPT, salted): the file never holds one in clear. */
async function hashAppPasswords(
  layout: DovecotLayout,
  users: StackUser[],
): Promise<Array<{ email: string; hash: string }>> {
  const entries: Array<{ email: string; hash: string }> = [];
  for (const user of users) {
    if (user.appPassword === undefined) continue;
    const hash = (await runDoveadm(layout.configFile, ['pw', '-s', 'SHA512-CRYPT', '-p', user.appPassword])).trim();
    if (!hash.startsWith('{SHA512-CRYPT}')) throw new Error('doveadm pw did not return a SHA512-CRYPT hash');
    entries.push({ email: user.email, hash });
  }
  return entries;
}

/**
 * Ready = an OAUTHBEARER attempt with a bogus token travels through imap-login, auth and the
 * introspection call, and fails the RFC 7628 way: an error challenge naming the discovery URL,
 * then NO.
 */
async function waitUntilReady(
  server: ProcessGroup,
  input: DovecotConfigInput,
  opts: StartDovecotOptions,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  server.exited.then(
    () => (exited = true),
    () => (exited = true),
  );
  let lastProblem = 'no attempt yet';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`dovecot exited (${lastProblem})`);
    const result = await probeImapSasl({
      port: input.imapPort,
      caPem: opts.ca.caPem,
      mechanism: 'OAUTHBEARER',
      user: opts.users[0]?.email ?? 'readiness@probe.invalid',
      accessToken: randomBytes(16).toString('hex'),
    }).catch((error: Error) => error);
    if (result instanceof Error) {
      lastProblem = result.message;
    } else if (result.status === 'OK') {
      throw new Error('a bogus token was accepted');
    } else if (
      result.status === 'NO' &&
      result.errorChallenge?.['openid-configuration'] === input.openidConfigurationUrl
    ) {
      return;
    } else {
      lastProblem = `AUTHENTICATE answered ${result.status} ${result.text}, challenge ${JSON.stringify(result.errorChallenge)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out: ${lastProblem}`);
}

async function readLogTail(layout: DovecotLayout): Promise<string> {
  const log = await readFile(layout.logFile, 'utf8').catch(() => '');
  return log.slice(-4000);
}

/** A failed doveadm run: the message is its stderr (else stdout); exit code 67 (EX_NOUSER) means no such user. */
export class DoveadmError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'DoveadmError';
  }
}

function runDoveadm(configFile: string, args: string[], stdin?: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('doveadm', ['-c', configFile, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const output = Buffer.concat(stderr).toString('utf8').trim() || Buffer.concat(stdout).toString('utf8').trim();
      reject(new DoveadmError(output || `doveadm exited with ${code}`, code));
    });
    child.stdin.end(stdin);
  });
}
