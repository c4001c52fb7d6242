// Runs one keytar call in a fresh Node process with a given environment, the way the app's main
// process would meet the Secret Service: keytar (libsecret) finds the bus through
// DBUS_SESSION_BUS_ADDRESS only. The request travels on stdin so secrets stay out of argv.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

export type KeytarRequest =
  | { op: 'set'; service: string; account: string; password: string }
  | { op: 'get'; service: string; account: string }
  | { op: 'delete'; service: string; account: string };

const CHILD_TIMEOUT_MS = 10_000;

const CHILD_SCRIPT = `
const keytar = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  try {
    const { op, service, account, password } = JSON.parse(input);
    const result =
      op === 'set' ? (await keytar.setPassword(service, account, password), true)
      : op === 'get' ? await keytar.getPassword(service, account)
      : await keytar.deletePassword(service, account);
    process.stdout.write(JSON.stringify({ result }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error && error.message || error) }));
  }
});
`;

const keytarPath = createRequire(import.meta.url).resolve('keytar');

/** Resolves with keytar's answer: true for set, the password or null for get, a boolean for delete. */
export function runKeytar(env: Record<string, string>, request: KeytarRequest): Promise<string | boolean | null> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', CHILD_SCRIPT, keytarPath],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: CHILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`keytar ${request.op} child failed: ${stderr.trim() || error.message}`));
          return;
        }
        const answer = JSON.parse(stdout) as { result?: string | boolean | null; error?: string };
        if (answer.error !== undefined) reject(new Error(`keytar ${request.op}: ${answer.error}`));
        else resolve(answer.result ?? null);
      },
    );
    // A child that fails to start is reported by the callback, not by a broken pipe.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(request));
  });
}
