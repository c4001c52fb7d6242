// The unprivileged account the stack's servers run as. Dovecot will not serve mail as uid 0,
// so as root we use `nobody`; as any other user, that user.
import { execFile } from 'node:child_process';
import { chown, lstat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RunAs {
  user: string;
  group: string;
  uid: number;
  gid: number;
  /** True when the current process must hand files over to `uid`/`gid`. */
  isOtherUser: boolean;
}

export async function resolveRunAs(): Promise<RunAs> {
  const self = os.userInfo();
  const user = self.uid === 0 ? 'nobody' : self.username;
  const [uid, gid, group] = await Promise.all([id(user, '-u'), id(user, '-g'), id(user, '-gn')]);
  return { user, group, uid: Number(uid), gid: Number(gid), isOtherUser: self.uid === 0 };
}

async function id(user: string, flag: '-u' | '-g' | '-gn'): Promise<string> {
  const { stdout } = await execFileAsync('id', [flag, user]);
  return stdout.trim();
}

/** Give `root` and everything below it to the run-as account. */
export async function handOver(root: string, runAs: RunAs): Promise<void> {
  if (!runAs.isOtherUser) return;
  await chown(root, runAs.uid, runAs.gid);
  if (!(await lstat(root)).isDirectory()) return;
  const entries = await readdir(root, { recursive: true });
  for (const entry of entries) await chown(path.join(root, entry), runAs.uid, runAs.gid);
}
