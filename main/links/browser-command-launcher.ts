import { spawn } from 'node:child_process';
import type { LaunchExternal } from './external-opener';

/**
 * The browser host's launcher: the command in $BROWSER gets the URL as its only argument (no
 * shell); without $BROWSER the URL is printed for the developer to open.
 */
export function browserCommandLauncher(
  command: string | undefined,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): LaunchExternal {
  return async (href) => {
    if (!command) {
      print(`Open in your browser: ${href}`);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, [href], { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  };
}
