import type { Session } from 'electron';
import { appScheme } from '../../main/security/app-origin';

const allowedRequestSchemes = new Set([`${appScheme}:`, 'devtools:', 'data:']);

const guarded = new WeakSet<Session>();

/** Deny every permission and every request that is not the app's own (once per session). */
export function guardSession(session: Session): void {
  if (guarded.has(session)) return;
  guarded.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      scheme = '';
    }
    callback({ cancel: !allowedRequestSchemes.has(scheme) });
  });
}
