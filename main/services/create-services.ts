import type { Emitter, ServiceImpl } from '../../shared/ipc/serve';
import type { AppConfig } from '../config/app-config';
import type { ExternalOpener } from '../links/external-opener';
import { probeImapServer } from '../servers/imap-probe';

export interface MainContext {
  config: AppConfig;
  host: 'electron' | 'browser';
  version: string;
  emitter: Emitter;
  opener: ExternalOpener;
}

const probeIdleTimeoutMs = 15_000;

/** The main side's implementation of the contract; each host serves exactly this object. */
export function createServices(context: MainContext): ServiceImpl {
  const { config, emitter } = context;
  return {
    'app.info': async () => ({ name: 'Harbor Mail', version: context.version, host: context.host }),
    'providers.list': async () =>
      config.providers.map((provider) => ({
        id: provider.id,
        label: provider.label,
        issuer: provider.issuer,
        imap: provider.imap,
      })),
    'servers.probe': (input) =>
      probeImapServer(input, {
        extraCa: config.extraCa,
        idleTimeoutMs: probeIdleTimeoutMs,
        onStep: (step) => emitter.emit('servers.probeStep', { host: input.host, port: input.port, step }),
      }),
    'links.open': async ({ url }) => {
      await context.opener.open(url);
      return { opened: true };
    },
  };
}
