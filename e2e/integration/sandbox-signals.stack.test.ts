import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  processesMentioning,
  processGroupMembers,
  readyFacts,
  startSandboxProcess,
  waitFor,
  type SandboxRun,
} from './sandbox-process';

// `npm run sandbox` stopped from a terminal: the signal reaches every process of the foreground
// group at once (tsx and the sandbox here; npm too for a person), tsx relays SIGINT and SIGTERM to
// the sandbox once more and SIGKILLs it when it is slow to acknowledge them, and people press
// Ctrl-C twice. Whatever happens inside the group, nothing the sandbox started may be left.

const SECOND_SIGNAL_AFTER_MS = 150;
const CLEANUP_TIMEOUT_MS = 20_000;

let dir: string;
let run: SandboxRun | undefined;

beforeAll(async () => {
  if (!existsSync('dist/renderer/index.html')) throw new Error('Build the renderer first (npm run build).');
  dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-signals-test-'));
  // Dovecot runs unprivileged and must be able to reach the stack folders inside.
  await chmod(dir, 0o755);
});

// What a failed case left behind, so that the next case and the machine start clean.
afterEach(async () => {
  if (!run?.child.pid) return;
  signalGroup(run.child.pid, 'SIGKILL');
  for (const { pid } of await processesMentioning(run.tmp)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  run = undefined;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the group has already gone, which a second signal may find.
  }
}

describe('a signal to the whole process group of npm run sandbox', () => {
  it.each([
    { name: 'sigint', signals: ['SIGINT'] },
    { name: 'sigterm', signals: ['SIGTERM'] },
    { name: 'sighup', signals: ['SIGHUP'] },
    { name: 'sigint-twice', signals: ['SIGINT', 'SIGINT'] },
  ] satisfies Array<{ name: string; signals: NodeJS.Signals[] }>)(
    '$name stops every process the sandbox started and removes the stack folder',
    async ({ name, signals }) => {
      const current = await startSandboxProcess(dir, name, { terminal: true });
      run = current;
      const group = current.child.pid as number;
      const stackDir = path.dirname((await readyFacts(current)).configDir);
      expect(await processesMentioning(stackDir)).not.toEqual([]);

      for (const [index, signal] of signals.entries()) {
        if (index > 0) await sleep(SECOND_SIGNAL_AFTER_MS);
        signalGroup(group, signal);
      }
      const cleanedUp = async () =>
        (await processGroupMembers(group)).length === 0 &&
        (await processesMentioning(stackDir)).length === 0 &&
        !existsSync(stackDir)
          ? true
          : null;
      // On a timeout the expectations below say what was left.
      await waitFor('the cleanup', current, cleanedUp, CLEANUP_TIMEOUT_MS).catch(() => undefined);

      expect(await processGroupMembers(group), current.output()).toEqual([]);
      expect(await processesMentioning(stackDir)).toEqual([]);
      expect(existsSync(stackDir)).toBe(false);
      expect(existsSync(current.stateFile)).toBe(false);
    },
    120_000,
  );
});
