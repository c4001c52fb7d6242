import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { saveToFolder } from '../../main/files/save-to-folder';
import { browserCommandLauncher } from '../../main/links/browser-command-launcher';
import { createExternalOpener } from '../../main/links/external-opener';
import { contentSecurityPolicy, securityHeaders } from '../../main/security/content-security-policy';
import { readStaticFile } from '../../main/security/static-files';
import { startMainServices, type MainServices } from '../../main/services/start-main-services';
import { attachWsHost } from './ws-host';

// The browser host: the built renderer served to a browser on 127.0.0.1, talking to the same
// main services over the WebSocket transport of the contract. Development and tests only.

export interface BrowserHostOptions {
  rendererDir: string;
  configDir: string;
  port?: number;
  /** The command external URLs are handed to ($BROWSER); printed when absent. */
  browserCommand?: string;
  print?: (line: string) => void;
  signInTimeoutMs?: number;
  /** Where "Save" puts attachments (default: `downloads` in the config folder). */
  downloadsDir?: string;
}

export interface BrowserHost {
  origin: string;
  /** The URL to open: carries the per-run token in its fragment, which never reaches a server log. */
  appUrl: string;
  close(): Promise<void>;
}

const ipcPath = '/ipc';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(32).toString('hex');
  let origin = '';
  let headers: Record<string, string> = {};

  const server = http.createServer(async (request, response) => {
    // The Host check stops DNS-rebinding pages from reading the UI through another name.
    if (request.headers.host !== new URL(origin).host || !['GET', 'HEAD'].includes(request.method ?? '')) {
      response.writeHead(403).end();
      return;
    }
    const file = await readStaticFile(options.rendererDir, new URL(request.url ?? '/', origin).pathname);
    if (!file) {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  });

  const port = await listen(server, options.port ?? 0);
  origin = `http://127.0.0.1:${port}`;
  headers = securityHeaders(contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}${ipcPath}`] }));

  const host = attachWsHost(server, { origin, token, path: ipcPath });
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let services: MainServices;
  try {
    services = await startMainServices({
      transport: host,
      configDir: options.configDir,
      host: 'browser',
      version: packageVersion(),
      opener: createExternalOpener(browserCommandLauncher(options.browserCommand, print)),
      log: (line) => print(`[browser-host] ${line}`),
      // A browser tab cannot be raised from here; the page notices the sign-in by itself.
      bringToFront: () => undefined,
      signInTimeoutMs: options.signInTimeoutMs,
      // A browser tab has no save dialog: attachments go to the host's downloads folder.
      saveFile: async (name, content) => {
        await saveToFolder(options.downloadsDir ?? path.join(options.configDir, 'downloads'), name, content);
        return true;
      },
    });
  } catch (error) {
    await host.close();
    server.close();
    throw error;
  }

  return {
    origin,
    appUrl: `${origin}/#token=${token}`,
    async close() {
      await host.close();
      await services.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
