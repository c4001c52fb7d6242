// The main side as startMainServices builds it (config folder, store, engine worker, the whole
// contract), served over an in-memory transport to a contract client, as the renderer would use it.
import path from 'node:path';
import { loadAppConfig } from '../../main/config/app-config';
import type { ExternalOpener } from '../../main/links/external-opener';
import { startMailEngine, type MailEngine } from '../../main/mail/engine/mail-engine-client';
import type { SecretStore } from '../../main/secrets/secret-store';
import { createServices } from '../../main/services/create-services';
import { openDatabase } from '../../main/store/database';
import { createClient, type Client } from '../../shared/ipc/client';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import { createEmitter, serve } from '../../shared/ipc/serve';

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
}): Promise<AppServices> {
  const config = await loadAppConfig(options.configDir);
  const databaseFile = path.join(options.configDir, 'harbor.db');
  const db = openDatabase(databaseFile);
  db.pragma('busy_timeout = 5000');
  const log: string[] = [];
  let engine: MailEngine | undefined;
  const { client: transport, host } = createMemoryTransport();
  const services = createServices({
    config,
    host: 'browser',
    version: 'test',
    emitter: createEmitter(host),
    opener: options.opener ?? { open: async () => undefined },
    db,
    secrets: { store: options.secrets, warning: null },
    bringToFront: () => undefined,
    startMailEngine: (credentials, onNotice) => {
      engine = startMailEngine({
        start: { databaseFile, extraCa: config.extraCa, sendRateLimit: config.sendRateLimit },
        credentials,
        onNotice,
        log: (line) => log.push(line),
      });
      return engine;
    },
    saveFile: async () => false,
  });
  serve(services, host, {
    onUnexpectedError: (method, error) =>
      log.push(`${method} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`),
  });
  return {
    client: createClient(transport),
    log,
    async close() {
      await engine?.close();
      db.close();
    },
  };
}
