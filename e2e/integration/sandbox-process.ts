// The sandbox's entry run as a child process, as `npm run sandbox` runs it, and what a run leaves
// behind, read from /proc. Shared by the sandbox's stack tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SandboxFacts } from '../sandbox/start-sandbox';

export interface SandboxRun {
  child: ChildProcess;
  output: () => string;
  /** The run's TMPDIR, where the stack creates its folder. */
  tmp: string;
  stateFile: string;
}

export interface SandboxProcessOptions {
  /**
   * Through the tsx command, in a process group of its own, as in a terminal: the child is then
   * tsx, which relays SIGINT and SIGTERM to the sandbox it runs.
   */
  terminal?: boolean;
}

export interface ProcessInfo {
  pid: number;
  command: string;
}

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Starts the sandbox with `<parent>/<name>` as its TMPDIR, in the browser host. */
export async function startSandboxProcess(
  parent: string,
  name: string,
  options: SandboxProcessOptions = {},
): Promise<SandboxRun> {
  const tmp = path.join(parent, name);
  await mkdir(tmp);
  const stateFile = path.join(tmp, 'state.json');
  const args = options.terminal ? [tsxCli, 'e2e/sandbox.ts'] : ['--import', 'tsx', 'e2e/sandbox.ts'];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, SANDBOX_HOST: 'browser', SANDBOX_STATE_FILE: stateFile, BROWSER: '', TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.terminal,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, tmp, stateFile };
}

export async function waitFor<T>(
  what: string,
  run: SandboxRun,
  probe: () => Promise<T | null>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs} ms; output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The facts the sandbox writes to its state file once everything is ready. */
export function readyFacts(run: SandboxRun): Promise<SandboxFacts> {
  return waitFor(
    'the state file',
    run,
    async () => JSON.parse(await readFile(run.stateFile, 'utf8').catch(() => 'null')) as SandboxFacts | null,
    90_000,
  );
}

export const stackFolders = async (tmp: string) =>
  (await readdir(tmp)).filter((name) => name.startsWith('harbor-stack-'));

export const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function pids(): Promise<number[]> {
  return (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
}

const commandOf = async (pid: number) =>
  (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();

/**
 * Processes whose command line, environment or working folder mentions `folder`: Dovecot and
 * D-Bus name their config files, Dovecot's workers work inside the stack, the keyring's
 * environment points there.
 */
export async function processesMentioning(folder: string): Promise<ProcessInfo[]> {
  const found: ProcessInfo[] = [];
  for (const pid of await pids()) {
    const traces = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/environ`, 'utf8').catch(() => ''),
      readlink(`/proc/${pid}/cwd`).catch(() => ''),
    ]);
    if (traces.some((trace) => trace.includes(folder))) found.push({ pid, command: await commandOf(pid) });
  }
  return found;
}

/** Every process of the group, zombies included: each command follows its state letter (Z for a zombie). */
export async function processGroupMembers(group: number): Promise<ProcessInfo[]> {
  const found: ProcessInfo[] = [];
  for (const pid of await pids()) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group) found.push({ pid, command: `${state} ${await commandOf(pid)}` });
  }
  return found;
}
