import path from 'node:path';
import { app, session, shell, type BrowserWindow } from 'electron';
import { createEmitter, serve } from '../shared/ipc/serve';
import { loadAppConfig } from '../main/config/app-config';
import { createElectronHost } from '../main/ipc/electron-host';
import { createExternalOpener } from '../main/links/external-opener';
import { createServices } from '../main/services/create-services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createMainWindow } from './main-window';
import { guardSession } from './security/session-guards';
import { guardWebContents } from './security/web-contents-guards';

// The Electron composition root: one instance, one sandboxed window, the contract served over
// IPC to that window only.

const opener = createExternalOpener((href) => shell.openExternal(href));
let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  const config = await loadAppConfig(process.env.HARBOR_CONFIG_DIR ?? app.getPath('userData'));
  mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  const host = createElectronHost(() => mainWindow?.webContents ?? null);
  const services = createServices({
    config,
    host: 'electron',
    version: app.getVersion(),
    emitter: createEmitter(host),
    opener,
  });
  serve(services, host, {
    onUnexpectedError: (method, error) => console.error(`${method} failed: ${(error as Error).name}`),
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, opener));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: Error) => {
    console.error(`Harbor Mail could not start: ${error.message}`);
    app.exit(1);
  });
}
