import path from 'node:path';
import { createEmitter, serve, type ServiceImpl } from '../../shared/ipc/serve';
import type { HostTransport } from '../../shared/ipc/transport';
import { loadAppConfig } from '../config/app-config';
import type { ExternalOpener } from '../links/external-opener';
import { startMailEngine, type MailEngine } from '../mail/engine/mail-engine-client';
import { openSecretStore } from '../secrets/open-secret-store';
import { closeKeepingFiles, openDatabase } from '../store/database';
import { damagedStore, storeError, withStoreErrors } from '../store/store-errors';
import { createServices, type MainContext } from './create-services';
import type { SaveFile } from '../files/save-file';

export interface MainServicesOptions {
  transport: HostTransport;
  /** The user's config folder; the local store lives here too. */
  configDir: string;
  host: 'electron' | 'browser';
  version: string;
  opener: ExternalOpener;
  bringToFront: () => void;
  /** Where a line about an unexpected failure goes; it names the method and error type only. */
  log: (line: string) => void;
  signInTimeoutMs?: number;
  /** The host's save dialog; false when the user cancelled. */
  saveFile: SaveFile;
  /** The keychain, unless given (stack tests bring a store that outlives one run of the services). */
  secrets?: MainContext['secrets'];
}

export interface MainServices {
  close(): Promise<void>;
}

/**
 * The one composition root of the main side, for Electron, the browser host, the sandbox and the
 * stack tests: loads config, opens the store and the keychain, starts the mail engine, and serves
 * the whole contract on one transport.
 */
export async function startMainServices(options: MainServicesOptions): Promise<MainServices> {
  const config = await loadAppConfig(options.configDir);
  const secrets = options.secrets ?? (await openSecretStore());
  if (secrets.warning) options.log(secrets.warning);
  const databaseFile = path.join(options.configDir, 'harbor.db');
  // Opened (and migrated) here first; the engine's worker then opens the same file as the writer.
  const db = openDatabase(databaseFile);
  db.pragma('busy_timeout = 5000');
  let engine: MailEngine | undefined;
  let services: ServiceImpl;
  try {
    services = createServices({
      config,
      host: options.host,
      version: options.version,
      emitter: createEmitter(options.transport),
      opener: options.opener,
      db,
      secrets,
      bringToFront: options.bringToFront,
      signInTimeoutMs: options.signInTimeoutMs,
      startMailEngine: (credentials, onNotice) => {
        engine = startMailEngine({
          start: { databaseFile, extraCa: config.extraCa, sendRateLimit: config.sendRateLimit },
          credentials,
          onNotice,
          log: options.log,
        });
        return engine;
      },
      saveFile: options.saveFile,
      log: options.log,
    });
  } catch (error) {
    // A store can open and still fail at its first read (a damaged page).
    await engine?.close();
    throw closeKeepingFiles(db) ? damagedStore(databaseFile) : storeError(error, databaseFile);
  }
  serve(withStoreErrors(services, databaseFile), options.transport, {
    // Messages of unexpected errors can carry anything, secrets included: only the type is logged.
    onUnexpectedError: (method, error) =>
      options.log(`${method} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`),
  });
  return {
    async close() {
      await engine?.close();
      db.close();
    },
  };
}
