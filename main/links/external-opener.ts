import { AppError } from '../../shared/errors';
import { checkExternalUrl } from './external-url-policy';

/** How a host hands a checked URL to the system: Electron's shell, or $BROWSER in the browser host. */
export type LaunchExternal = (href: string) => Promise<void>;

export interface ExternalOpener {
  open(raw: string): Promise<void>;
}

/** The one way the app opens anything outside itself. */
export function createExternalOpener(launch: LaunchExternal): ExternalOpener {
  return {
    async open(raw) {
      const verdict = checkExternalUrl(raw);
      if (!verdict.allowed) throw new AppError('FORBIDDEN_URL', verdict.reason);
      await launch(verdict.href);
    },
  };
}
