// Cleanup that outlives this process. A process group or a path handed to `reapOnExit` is killed
// or removed by a watchdog in a session of its own as soon as this process is gone, however it
// went: no handler of ours runs when it is SIGKILLed, and tsx does exactly that to its child when
// the child is slow to acknowledge a signal tsx relays (a terminal's Ctrl-C reaches both).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

export type ReapTarget = { group: number } | { path: string };

// Learns targets one JSON line at a time on stdin; the end of stdin means its owner has gone.
// It waits for the groups to vanish before removing paths, so that no dying server writes into a
// folder being removed.
const WATCHDOG_SCRIPT = `
const { rmSync } = require('node:fs');
const groups = new Set();
const paths = new Set();
const signal = (group, name) => { try { process.kill(-group, name); return true; } catch { return false; } };
require('node:readline').createInterface({ input: process.stdin })
  .on('line', (line) => {
    const { group, path, release } = JSON.parse(line);
    const [set, key] = group === undefined ? [paths, path] : [groups, group];
    if (release) set.delete(key); else set.add(key);
  })
  .on('close', async () => {
    for (const group of groups) signal(group, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while ([...groups].some((group) => signal(group, 0)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const path of paths) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  });
`;

let watchdog: ChildProcess | undefined;

function startWatchdog(): ChildProcess {
  // Its own session keeps a signal meant for our process group from reaching it; an empty
  // environment and `/` as its folder keep it from holding on to anything of ours.
  const child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    cwd: '/',
    env: {},
  });
  child.stdin?.on('error', () => undefined);
  // The watchdog lives exactly as long as this process, without keeping it alive.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return child;
}

function tell(message: ReapTarget & { release?: true }): void {
  watchdog ??= startWatchdog();
  watchdog.stdin?.write(`${JSON.stringify(message)}\n`);
}

/** Hands `target` to the watchdog; call the result once this process has stopped or removed it itself. */
export function reapOnExit(target: ReapTarget): () => void {
  tell(target);
  return () => tell({ ...target, release: true });
}
