import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost } from './start-browser-host';

// npx tsx e2e/browser-host/cli.ts --config-dir DIR [--port N]
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

const host = await startBrowserHost({
  configDir: path.resolve(values['config-dir']),
  rendererDir: path.resolve(values['renderer-dir']),
  port: Number(values.port),
  browserCommand: process.env.BROWSER || undefined,
});
process.stdout.write(`Harbor Mail (browser host) is at ${host.appUrl}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void host.close().then(() => process.exit(0)));
}
