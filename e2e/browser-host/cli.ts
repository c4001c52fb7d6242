import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFailureText } from '../../main/services/start-failure';
import { startBrowserHost } from './start-browser-host';

// npx tsx e2e/browser-host/cli.ts --config-dir DIR [--port N]
// No top-level await: the bench bundles this file as CommonJS (e2e/bench/build-bench-bundles.mjs).
const { values } = parseArgs({
  options: {
    'config-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: 'dist/renderer' },
    port: { type: 'string', default: '0' },
  },
});
if (!values['config-dir']) {
  process.stderr.write('Usage: browser-host --config-dir DIR [--port N] [--renderer-dir dist/renderer]\n');
  process.exit(2);
}

startBrowserHost({
  configDir: path.resolve(values['config-dir']),
  rendererDir: path.resolve(values['renderer-dir']),
  port: Number(values.port),
  browserCommand: process.env.BROWSER || undefined,
}).then(
  (host) => {
    process.stdout.write(`Harbor Mail (browser host) is at ${host.appUrl}\n`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void host.close().then(() => process.exit(0)));
    }
  },
  (error: unknown) => {
    process.stderr.write(`Harbor Mail could not start: ${startFailureText(error)}\n`);
    process.exit(1);
  },
);
