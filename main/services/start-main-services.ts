import { createEmitter, serve } from '../../shared/ipc/serve';
import type { HostTransport } from '../../shared/ipc/transport';
import { loadAppConfig } from '../config/app-config';
import type { ExternalOpener } from '../links/external-opener';
import { createServices } from './create-services';

export interface MainServicesOptions {
  transport: HostTransport;
  configDir: string;
  host: 'electron' | 'browser';
  version: string;
  opener: ExternalOpener;
  /** Where a line about an unexpected failure goes; it names the method and error type only. */
  log: (line: string) => void;
}

/** Loads the user's config and serves the whole contract on one host's transport. */
export async function startMainServices(options: MainServicesOptions): Promise<void> {
  const config = await loadAppConfig(options.configDir);
  const services = createServices({
    config,
    host: options.host,
    version: options.version,
    emitter: createEmitter(options.transport),
    opener: options.opener,
  });
  serve(services, options.transport, {
    // Messages of unexpected errors can carry anything, secrets included: only the type is logged.
    onUnexpectedError: (method, error) =>
      options.log(`${method} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`),
  });
}
