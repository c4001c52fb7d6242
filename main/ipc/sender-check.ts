import { isAppUrl } from '../security/app-origin';

/** The parts of Electron's WebFrameMain the check needs; null when the frame is gone. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only the app's own top-level frame may call the main side: never an iframe, never another origin. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
