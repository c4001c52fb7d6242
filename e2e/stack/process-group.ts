// A server process started in its own process group and session, so that stopping it also
// reaches the workers it forked, so that a signal sent to the group of the Node process that
// started it (a terminal's Ctrl-C) leaves the stopping to that process, and so that nothing
// outlives that process, even when it is killed.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { reapOnExit } from './reaper';

export interface ProcessGroup {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the leader has exited. */
  exited: Promise<number | null>;
  /** Last few KB of stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM to the leader, then SIGKILL to the whole group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ProcessGroupOptions extends SpawnOptions {
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  /** 'pipe' makes stdout readable as `child.stdout`; by default it is discarded. */
  stdout?: 'pipe' | 'ignore';
}

const STDERR_TAIL_BYTES = 4096;

export function startProcessGroup(command: string, args: string[], options: ProcessGroupOptions): ProcessGroup {
  const { input, stdout = 'ignore', ...spawnOptions } = options;
  const stdin = input === undefined ? 'ignore' : 'pipe';
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: [stdin, stdout, 'pipe'] });
  if (input !== undefined) {
    // A process that could not start or died is reported through `exited`, not a broken pipe.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });

  const release = child.pid === undefined ? () => undefined : reapOnExit({ group: child.pid });

  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  // A failed spawn is reported through `exited`; keep it from becoming an unhandled rejection.
  exited.catch(() => undefined);

  async function stop(graceMs = 5000): Promise<void> {
    await stopGroup(graceMs);
    release();
  }

  async function stopGroup(graceMs: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
      killGroup(child, 'SIGKILL');
      await groupGone(child, graceMs);
      return;
    }
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
    ]);
    // Workers still exiting (or ignoring the leader's shutdown) go with the group.
    killGroup(child, 'SIGKILL');
    if (!stopped) await exited.catch(() => undefined);
    await groupGone(child, graceMs);
  }

  return { child, exited, stderrTail: () => stderr, stop };
}

/** Waits until no process of the group is left (signals are delivered asynchronously). */
async function groupGone(child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(child)) {
    if (Date.now() > deadline) throw new Error(`process group ${child.pid} did not go away`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
