// The main side exactly as the app starts it (startMainServices: config folder, store, engine
// worker, the whole contract), served over an in-memory transport to a contract client, as the
// renderer would use it.
import type { ExternalOpener } from '../../main/links/external-opener';
import type { SecretStore } from '../../main/secrets/secret-store';
import { startMainServices } from '../../main/services/start-main-services';
import { createClient, type Client } from '../../shared/ipc/client';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import type { SaveFile } from '../../main/files/save-file';

export interface AppServices {
  client: Client;
  /** Lines the main side logged (never a message's text or a secret). */
  log: string[];
  close(): Promise<void>;
}

export async function startAppServices(options: {
  configDir: string;
  secrets: SecretStore;
  opener?: ExternalOpener;
  /** The host's save dialog; by default the person cancels. */
  saveFile?: SaveFile;
}): Promise<AppServices> {
  const log: string[] = [];
  const { client: transport, host } = createMemoryTransport();
  const services = await startMainServices({
    transport: host,
    configDir: options.configDir,
    host: 'browser',
    version: 'test',
    opener: options.opener ?? { open: async () => undefined },
    bringToFront: () => undefined,
    log: (line) => log.push(line),
    saveFile: options.saveFile ?? (async () => false),
    secrets: { store: options.secrets, warning: null },
  });
  return { client: createClient(transport), log, close: () => services.close() };
}
