import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// The peer: mbsync (Debian's isync) with its default sync settings, logging in with the same app
// password over the same TLS as our engine does in the bench.

const run = promisify(execFile);

export interface MbsyncTarget {
  port: number;
  email: string;
  password: string;
  caFile: string;
}

/** Installs isync with apt when mbsync is missing (the bench runs as root on Debian). */
export async function ensureMbsync(print: (line: string) => void): Promise<string> {
  const found = await run('sh', ['-c', 'command -v mbsync']).catch(() => null);
  if (!found) {
    print('mbsync is missing: apt-get install -y isync');
    await run('apt-get', ['install', '-y', '-q', 'isync'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  const { stdout, stderr } = await run('mbsync', ['--version']).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: '',
  }));
  return `${stdout}${stderr}`.trim();
}

// isync 1.4 matches the certificate's DNS names only, so it connects to "localhost" (in the
// certificate, resolving to the same loopback server). It spells implicit TLS "SSLType IMAPS"; patterns "*" so it copies every folder, as we do.
const configText = (target: MbsyncTarget, maildir: string) => `IMAPAccount bench
Host localhost
Port ${target.port}
User ${target.email}
Pass "${target.password}"
SSLType IMAPS
CertificateFile ${target.caFile}
AuthMechs PLAIN

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path ${maildir}/
Inbox ${maildir}/INBOX
SubFolders Verbatim

Channel bench
Far :bench-far:
Near :bench-near:
Patterns *
Create Near
SyncState *
`;

export interface MbsyncPeer {
  /** A first sync into an empty local Maildir; seconds. */
  firstSync(): Promise<number>;
  /** A sync with nothing changed since the last one; seconds. */
  resync(): Promise<number>;
  close(): Promise<void>;
}

export async function createMbsyncPeer(target: MbsyncTarget, workDir: string): Promise<MbsyncPeer> {
  await mkdir(workDir, { recursive: true });
  const maildir = path.join(workDir, 'maildir');
  const configFile = path.join(workDir, 'mbsyncrc');
  // The config holds the app password: readable by its owner only, removed on close.
  await writeFile(configFile, configText(target, maildir), { mode: 0o600 });
  const timedSync = async () => {
    const started = performance.now();
    try {
      await run('mbsync', ['-q', '-c', configFile, 'bench'], { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`mbsync failed: ${stderr.replaceAll(target.password, '***').slice(0, 500)}`);
    }
    return (performance.now() - started) / 1000;
  };
  return {
    async firstSync() {
      await rm(maildir, { recursive: true, force: true });
      await mkdir(maildir, { recursive: true });
      return timedSync();
    },
    resync: timedSync,
    async close() {
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
