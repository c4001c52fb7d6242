import { createInterface } from 'node:readline';
import { startProcessGroup, type ProcessGroup } from '../stack/process-group';
import { benchBundles } from './bench-bundles';

// The bundled browser host in a process of its own, as the app's main process is: its engine runs
// as the app ships it, and the bench's own work (Chromium's driver, the synthetic Inbox) does not
// share its event loop.

export interface BrowserHostProcess {
  /** Carries the per-run token in its fragment: never printed. */
  appUrl: string;
  /** SIGTERM (the host closes its services), then waits until the process group is gone. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

function printedAppUrl(group: ProcessGroup): Promise<string> {
  const lines = createInterface({ input: group.child.stdout! });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`the browser host ${reason}: ${group.stderrTail()}`));
    };
    const timer = setTimeout(() => fail(`printed no URL in ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    // Its log lines keep coming on stdout after the URL; reading them keeps the pipe from filling.
    lines.on('line', (line) => {
      const found = /is at (\S+)/.exec(line);
      if (!found) return;
      clearTimeout(timer);
      resolve(found[1]!);
    });
    const stopped = () => fail('stopped');
    void group.exited.then(stopped, stopped);
  });
}

export async function startBrowserHostProcess(options: {
  rendererDir: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<BrowserHostProcess> {
  const group = startProcessGroup(
    process.execPath,
    [benchBundles.browserHost, '--config-dir', options.configDir, '--renderer-dir', options.rendererDir],
    { env: options.env, stdout: 'pipe' },
  );
  try {
    return { appUrl: await printedAppUrl(group), stop: () => group.stop() };
  } catch (error) {
    await group.stop();
    throw error;
  }
}
